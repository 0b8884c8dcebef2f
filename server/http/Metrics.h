#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace nestbox::server {

// Request counters, latency histograms and byte counters per route, rendered as Prometheus
// text. Thread-safe; recording is a short critical section.
class Metrics {
public:
    void record(const std::string& route, const std::string& method, int status, double seconds,
                std::int64_t bytesIn, std::int64_t bytesOut);
    void requestStarted() { ++_inFlight; }
    void requestFinished() { --_inFlight; }
    void chunkStarted() { ++_chunksInFlight; }
    void chunkFinished() { --_chunksInFlight; }

    // `extra` appends gauges read at scrape time (e.g. unfinished uploads from the database).
    std::string render(const std::function<void(std::string&)>& extra) const;

private:
    static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                     0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
    struct Histogram {
        std::array<std::uint64_t, kBuckets.size()> counts{};
        std::uint64_t total = 0;
        double sum = 0;
    };
    mutable std::mutex _mutex;
    std::map<std::tuple<std::string, std::string, int>, std::uint64_t> _requests;
    std::map<std::string, Histogram> _latency;
    std::map<std::string, std::uint64_t> _bytesIn;
    std::map<std::string, std::uint64_t> _bytesOut;
    std::atomic<int> _inFlight{0};
    std::atomic<int> _chunksInFlight{0};
};

} // namespace nestbox::server
