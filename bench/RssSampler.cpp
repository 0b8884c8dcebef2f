#include "RssSampler.h"

#include "ProcessStats.h"

#include <algorithm>

RssSampler::RssSampler(pid_t pid, std::chrono::milliseconds interval) : _pid(pid), _interval(interval) {}

RssSampler::~RssSampler()
{
    if (_running)
        stop();
}

void RssSampler::start()
{
    _hwmReset = ProcessStats::resetPeak(_pid);
    _maxRss = 0;
    _samples = 0;
    _running = true;
    _thread = std::thread([this] {
        while (_running) {
            const auto rss = ProcessStats::memory(_pid).rssBytes;
            if (rss > _maxRss)
                _maxRss = rss;
            ++_samples;
            std::this_thread::sleep_for(_interval);
        }
    });
}

RssSampler::Result RssSampler::stop()
{
    _running = false;
    if (_thread.joinable())
        _thread.join();
    Result result;
    const auto memory = ProcessStats::memory(_pid);
    result.maxRssBytes = std::max<std::uint64_t>(_maxRss, memory.rssBytes);
    result.hwmBytes = memory.hwmBytes;
    result.hwmWasReset = _hwmReset;
    result.samples = _samples;
    return result;
}
