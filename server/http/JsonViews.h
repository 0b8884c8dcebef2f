#pragma once

#include "repository/Records.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace nestbox::server {

// API.md's JSON shapes of the records, and the value parsing every route shares.

std::string formatTime(std::int64_t unixMs);              // RFC 3339 UTC, e.g. 2026-11-21T05:51:55.123Z
std::optional<std::int64_t> parseTime(const std::string& text); // RFC 3339 → Unix ms

Poco::JSON::Object::Ptr userJson(const UserRecord& user);
// {files, bytes, quota_bytes (null = none)}
Poco::JSON::Object::Ptr usageJson(const Usage& usage, const std::optional<std::int64_t>& quotaBytes);
// userJson + disabled + usage: an item of GET /admin/users.
Poco::JSON::Object::Ptr adminUserJson(const UserWithUsage& entry);
Poco::JSON::Object::Ptr fileJson(const FileRecord& file);
Poco::JSON::Object::Ptr uploadJson(const UploadRecord& upload);

// A string member; ServiceError(code) when missing or not a string.
std::string requireString(const Poco::JSON::Object::Ptr& body, const std::string& key, int code);
// An optional string member ("" when absent); ServiceError(InvalidJson) when not a string.
std::string optionalString(const Poco::JSON::Object::Ptr& body, const std::string& key);
// A 64-bit non-negative integer member; ServiceError(code) when missing, negative, fractional,
// a string or beyond 2^63 - 1. `required` false → nullopt when absent.
std::optional<std::int64_t> integerMember(const Poco::JSON::Object::Ptr& body, const std::string& key, int code,
                                          bool required);

} // namespace nestbox::server
