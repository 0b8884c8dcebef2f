#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <vector>

// Latency samples in milliseconds; percentiles by nearest rank.
class Stats {
public:
    void add(double ms) { _samples.push_back(ms); }
    void merge(const Stats& other) { _samples.insert(_samples.end(), other._samples.begin(), other._samples.end()); }
    std::size_t count() const { return _samples.size(); }
    bool empty() const { return _samples.empty(); }

    double percentile(double q) const
    {
        if (_samples.empty())
            return 0.0;
        std::vector<double> sorted = _samples;
        std::sort(sorted.begin(), sorted.end());
        auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
        rank = std::clamp<std::size_t>(rank, 1, sorted.size());
        return sorted[rank - 1];
    }
    double p50() const { return percentile(0.50); }
    double p99() const { return percentile(0.99); }
    double max() const { return _samples.empty() ? 0.0 : *std::max_element(_samples.begin(), _samples.end()); }
    double mean() const
    {
        if (_samples.empty())
            return 0.0;
        double sum = 0;
        for (double s : _samples)
            sum += s;
        return sum / static_cast<double>(_samples.size());
    }

private:
    std::vector<double> _samples;
};

// Wall-clock stopwatch on the steady clock.
class Stopwatch {
public:
    Stopwatch() : _start(std::chrono::steady_clock::now()) {}
    void restart() { _start = std::chrono::steady_clock::now(); }
    double ms() const { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - _start).count(); }
    double seconds() const { return ms() / 1000.0; }

private:
    std::chrono::steady_clock::time_point _start;
};
