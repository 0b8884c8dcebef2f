#include "ChildRssSampler.h"

#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

// "VmRSS:     1234 kB" -> 1234; 0 when the process is gone.
std::uint64_t statusKb(const std::string& pid, const std::string& key)
{
    std::ifstream status("/proc/" + pid + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.compare(0, key.size(), key) == 0)
            return std::stoull(line.substr(key.size()));
    return 0;
}

std::vector<std::string> childPids()
{
    std::vector<std::string> pids;
    DIR* tasks = opendir("/proc/self/task");
    if (!tasks)
        return pids;
    while (dirent* entry = readdir(tasks)) {
        if (entry->d_name[0] == '.')
            continue;
        std::ifstream children(std::string("/proc/self/task/") + entry->d_name + "/children");
        std::string pid;
        while (children >> pid)
            pids.push_back(pid);
    }
    closedir(tasks);
    return pids;
}

} // namespace

ChildRssSampler::ChildRssSampler(std::string comm, std::chrono::milliseconds interval)
    : _comm(std::move(comm)), _interval(interval)
{
}

ChildRssSampler::~ChildRssSampler()
{
    if (_running)
        stop();
}

void ChildRssSampler::start()
{
    _running = true;
    _thread = std::thread([this] {
        while (_running) {
            sample();
            std::this_thread::sleep_for(_interval);
        }
    });
}

void ChildRssSampler::sample()
{
    std::uint64_t total = 0, totalHwm = 0;
    for (const std::string& pid : childPids()) {
        // Only exec'd thumbnailers: between fork and exec a child still has this process's
        // memory map, and its VmHWM would be ours.
        std::ifstream comm("/proc/" + pid + "/comm");
        std::string name;
        if (!(comm >> name) || name.rfind(_comm, 0) != 0)
            continue;
        try {
            const std::uint64_t hwm = statusKb(pid, "VmHWM:");
            total += statusKb(pid, "VmRSS:");
            totalHwm += hwm;
            if (hwm > _result.maxChildHwmKb)
                _result.maxChildHwmKb = hwm;
        } catch (const std::exception&) {
            // The child exited mid-read.
        }
    }
    if (total > _result.maxTotalRssKb)
        _result.maxTotalRssKb = total;
    if (totalHwm > _result.maxTotalHwmKb)
        _result.maxTotalHwmKb = totalHwm;
    ++_result.samples;
}

std::uint64_t ChildRssSampler::hwmKb(int pid)
{
    try {
        return statusKb(std::to_string(pid), "VmHWM:");
    } catch (const std::exception&) {
        return 0;
    }
}

ChildRssSampler::Result ChildRssSampler::stop()
{
    _running = false;
    if (_thread.joinable())
        _thread.join();
    return _result;
}
