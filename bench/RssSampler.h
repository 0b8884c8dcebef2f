#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

// Samples a process's VmRSS every `interval` on its own thread between start() and stop(), and reads
// VmHWM (reset at start() when the kernel allows) at stop(). One phase per object.
class RssSampler {
public:
    struct Result {
        std::uint64_t maxRssBytes = 0;  // largest VmRSS sample
        std::uint64_t hwmBytes = 0;     // VmHWM at stop()
        bool hwmWasReset = false;       // false: VmHWM covers the process's whole life
        std::uint64_t samples = 0;
        std::uint64_t peakBytes() const { return maxRssBytes > hwmBytes ? maxRssBytes : hwmBytes; }
    };

    RssSampler(pid_t pid, std::chrono::milliseconds interval = std::chrono::milliseconds(20));
    ~RssSampler();
    RssSampler(const RssSampler&) = delete;
    RssSampler& operator=(const RssSampler&) = delete;

    void start();
    Result stop();

private:
    pid_t _pid;
    std::chrono::milliseconds _interval;
    std::atomic<bool> _running{false};
    std::atomic<std::uint64_t> _maxRss{0};
    std::atomic<std::uint64_t> _samples{0};
    bool _hwmReset = false;
    std::thread _thread;
};
