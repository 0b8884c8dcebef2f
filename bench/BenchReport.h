#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

class Stats;

// Collects figures, failures and target verdicts while the phases run (echoing each to stderr as
// progress) and prints them as one table at the end.
class BenchReport {
public:
    explicit BenchReport(std::string label) : _label(std::move(label)) {}

    void header(const std::string& line);
    void section(const std::string& title);
    void row(const std::string& name, const std::string& value, const std::string& note = {});
    void latencyRow(const std::string& name, const Stats& stats, const std::string& note = {});
    void failure(const std::string& phase, const std::string& message);
    void verdict(bool pass, const std::string& text, const std::string& target);
    void skipped(const std::string& text, const std::string& why);
    void verdictNote(const std::string& text) { _verdicts.push_back("  note: " + text); }

    bool anyFailure() const { return _failures > 0; }
    bool anyMiss() const { return _misses > 0; }
    void print() const;

    static std::string mbps(double bytesPerSecond);   // "612.3 MB/s"
    static std::string mb(std::uint64_t bytes);       // "95.2 MB"
    static std::string ms(double milliseconds);       // "1.23 ms"
    static std::string fixed(double value, int decimals);
    static std::string bytesHuman(std::uint64_t bytes); // "1 GiB", "64 MiB", "1.5 KiB"

private:
    std::string _label;
    std::vector<std::string> _lines;
    std::vector<std::string> _verdicts;
    int _failures = 0;
    int _misses = 0;
};
