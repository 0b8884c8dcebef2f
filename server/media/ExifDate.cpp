#include "ExifDate.h"

#include <cstdio>

namespace nestbox::media {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) noexcept
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) noexcept
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

bool readNumber(std::string_view text, std::size_t at, std::size_t digits, int& out) noexcept
{
    if (text.size() < at + digits)
        return false;
    out = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        out = out * 10 + (text[i] - '0');
    }
    return true;
}

unsigned daysInMonth(int year, int month) noexcept
{
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

} // namespace

std::optional<std::int64_t> parseExifDateTime(std::string_view dateTime, std::string_view offset) noexcept
{
    // "YYYY:MM:DD HH:MM:SS"; some writers use '-' in the date, accept that too.
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (dateTime.size() < 19 || !readNumber(dateTime, 0, 4, year) || !readNumber(dateTime, 5, 2, month)
        || !readNumber(dateTime, 8, 2, day) || !readNumber(dateTime, 11, 2, hour)
        || !readNumber(dateTime, 14, 2, minute) || !readNumber(dateTime, 17, 2, second))
        return std::nullopt;
    const auto sep = [&](std::size_t i, std::string_view allowed) { return allowed.find(dateTime[i]) != std::string_view::npos; };
    if (!sep(4, ":-") || !sep(7, ":-") || !sep(10, " T") || !sep(13, ":") || !sep(16, ":"))
        return std::nullopt;
    // Cameras without a clock write zeros; anything before photography is garbage too.
    if (year < 1826 || year > 9999 || month < 1 || month > 12 || day < 1
        || static_cast<unsigned>(day) > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;

    std::int64_t offsetSeconds = 0;
    // libvips renders a tag as "value (value, ASCII, n components, n bytes)": keep the value.
    offset = offset.substr(0, offset.find(" ("));
    // Blank offsets ("      " or "  :  ") mean "unknown", like an absent tag.
    if (offset.find_first_not_of(" :") != std::string_view::npos) {
        while (offset.front() == ' ')
            offset.remove_prefix(1);
        int oh = 0, om = 0;
        if (offset.size() < 6 || (offset[0] != '+' && offset[0] != '-') || offset[3] != ':'
            || !readNumber(offset, 1, 2, oh) || !readNumber(offset, 4, 2, om) || oh > 14 || om > 59)
            return std::nullopt; // a present but unreadable offset makes the date untrustworthy
        offsetSeconds = (oh * 3600 + om * 60) * (offset[0] == '-' ? -1 : 1);
    }
    // No offset: local camera time is taken as UTC (see the header).

    const std::int64_t local = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400
        + hour * 3600 + minute * 60 + second;
    return local - offsetSeconds;
}

std::string formatUtcIso8601(std::int64_t epochSeconds)
{
    std::int64_t days = epochSeconds / 86400;
    std::int64_t rest = epochSeconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    std::int64_t year = 0;
    unsigned month = 0, day = 0;
    civilFromDays(days, year, month, day);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(year), month, day,
                  static_cast<long long>(rest / 3600), static_cast<long long>(rest % 3600 / 60),
                  static_cast<long long>(rest % 60));
    return buffer;
}

} // namespace nestbox::media
