#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

// Samples, on its own thread, the (matching) child processes of this process (from
// /proc/self/task/*/children): the largest VmHWM any single child reached and the largest sums
// of VmRSS and of VmHWM over the children alive at one moment. Short-lived children can finish between two
// samples, so callers also take getrusage(RUSAGE_CHILDREN).ru_maxrss. One phase per object.
class ChildRssSampler {
public:
    struct Result {
        std::uint64_t maxChildHwmKb = 0;
        std::uint64_t maxTotalRssKb = 0;
        std::uint64_t maxTotalHwmKb = 0; // the largest sum of VmHWM over the children alive at one moment
        std::uint64_t samples = 0;
    };

    // `comm`: the children's /proc/<pid>/comm prefix (at most 15 characters), others are ignored.
    explicit ChildRssSampler(std::string comm, std::chrono::milliseconds interval = std::chrono::milliseconds(5));
    ~ChildRssSampler();
    ChildRssSampler(const ChildRssSampler&) = delete;
    ChildRssSampler& operator=(const ChildRssSampler&) = delete;

    void start();
    Result stop();

    // VmHWM of one process in kB, 0 if it is gone.
    static std::uint64_t hwmKb(int pid);

private:
    void sample();

    std::string _comm;
    std::chrono::milliseconds _interval;
    std::atomic<bool> _running{false};
    Result _result;
    std::thread _thread;
};
