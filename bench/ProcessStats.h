#pragma once

#include <sys/types.h>

#include <cstdint>

// Reads a process's memory and CPU figures from /proc (Linux). Values are 0 when unreadable.
namespace ProcessStats {

struct Memory {
    std::uint64_t rssBytes = 0; // VmRSS
    std::uint64_t hwmBytes = 0; // VmHWM: peak RSS since start or since resetPeak()
};

Memory memory(pid_t pid);
// Resets VmHWM to the current RSS (writes "5" to /proc/PID/clear_refs). False when not permitted.
bool resetPeak(pid_t pid);
// User + system CPU seconds the process has used so far (all threads).
double cpuSeconds(pid_t pid);
// User + system CPU seconds of this process so far.
double selfCpuSeconds();

} // namespace ProcessStats
