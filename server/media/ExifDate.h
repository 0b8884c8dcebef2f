#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nestbox::media {

// Capture time from EXIF text fields, as seconds since the Unix epoch (UTC).
// `dateTime` is DateTimeOriginal ("YYYY:MM:DD HH:MM:SS", libvips may append " (..., ASCII, ...)");
// `offset` is OffsetTimeOriginal ("+HH:MM" / "-HH:MM"), empty when absent. Without an offset
// the camera's local time is taken as UTC: EXIF before 2.31 has no zone, and a timeline
// that is off by a few hours beats one without a date. nullopt for zero dates
// ("0000:00:00 00:00:00"), out-of-range fields and any other garbage.
std::optional<std::int64_t> parseExifDateTime(std::string_view dateTime, std::string_view offset) noexcept;

// "2019-05-04T10:34:56Z" for seconds since the epoch.
std::string formatUtcIso8601(std::int64_t epochSeconds);

} // namespace nestbox::media
