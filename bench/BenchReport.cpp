#include "BenchReport.h"

#include "Stats.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

std::string pad(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

} // namespace

std::string BenchReport::fixed(double value, int decimals)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string BenchReport::mbps(double bytesPerSecond)
{
    return fixed(bytesPerSecond / 1e6, 1) + " MB/s";
}

std::string BenchReport::mb(std::uint64_t bytes)
{
    return fixed(static_cast<double>(bytes) / 1e6, 1) + " MB";
}

std::string BenchReport::ms(double milliseconds)
{
    return fixed(milliseconds, milliseconds < 10 ? 2 : 1) + " ms";
}

std::string BenchReport::bytesHuman(std::uint64_t bytes)
{
    static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 4) {
        value /= 1024;
        ++unit;
    }
    const bool whole = value == static_cast<double>(static_cast<std::uint64_t>(value));
    return fixed(value, whole ? 0 : 1) + " " + kUnits[unit];
}

void BenchReport::header(const std::string& line)
{
    _lines.push_back(line);
    std::cerr << line << "\n";
}

void BenchReport::section(const std::string& title)
{
    // The machine is shared: every section says how busy it was when the section began.
    std::ifstream loadavg("/proc/loadavg");
    std::string load;
    loadavg >> load;
    _lines.push_back("");
    _lines.push_back(title + (load.empty() ? "" : "   [load " + load + "]"));
    std::cerr << "\n[" << _label << "] " << title << "\n";
}

void BenchReport::row(const std::string& name, const std::string& value, const std::string& note)
{
    std::string line = "  " + pad(name, 46) + (note.empty() ? value : pad(value, 16) + "  " + note);
    _lines.push_back(line);
    std::cerr << line << "\n";
}

void BenchReport::latencyRow(const std::string& name, const Stats& stats, const std::string& note)
{
    std::string value = "p50 " + pad(ms(stats.p50()), 10) + " p99 " + pad(ms(stats.p99()), 10) + " max " +
                        pad(ms(stats.max()), 10) + " n=" + std::to_string(stats.count());
    std::string line = "  " + pad(name, 46) + value;
    if (!note.empty())
        line += "  " + note;
    _lines.push_back(line);
    std::cerr << line << "\n";
}

void BenchReport::failure(const std::string& phase, const std::string& message)
{
    ++_failures;
    std::string text = "  FAILED (" + phase + "): ";
    std::istringstream in(message);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        text += (first ? "" : "\n    ") + line;
        first = false;
    }
    _lines.push_back(text);
    std::cerr << text << "\n";
}

void BenchReport::verdict(bool pass, const std::string& text, const std::string& target)
{
    if (!pass)
        ++_misses;
    const std::string line = std::string("  [") + (pass ? "PASS" : "MISS") + "] " + _label + ": " + text +
                             "   (target: " + target + ")";
    _verdicts.push_back(line);
}

void BenchReport::skipped(const std::string& text, const std::string& why)
{
    _verdicts.push_back("  [ -- ] " + _label + ": " + text + " not measured: " + why);
}

void BenchReport::print() const
{
    std::ostringstream out;
    out << "\n==================== Nestbox benchmark: " << _label << " ====================\n";
    for (const auto& line : _lines)
        out << line << "\n";
    out << "\nTargets (issue 2)\n";
    for (const auto& line : _verdicts)
        out << line << "\n";
    out << "==========================================================================\n";
    std::cout << out.str() << std::flush;
}
