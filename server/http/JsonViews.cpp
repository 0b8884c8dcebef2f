#include "http/JsonViews.h"

#include "service/ServiceError.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/Timestamp.h>

#include <limits>

namespace nestbox::server {

namespace {

Poco::Dynamic::Var nullable(const std::optional<std::int64_t>& value)
{
    if (!value)
        return Poco::Dynamic::Var();
    return static_cast<Poco::Int64>(*value);
}

} // namespace

std::string formatTime(std::int64_t unixMs)
{
    const Poco::Timestamp ts(static_cast<Poco::Timestamp::TimeVal>(unixMs) * 1000);
    return Poco::DateTimeFormatter::format(ts, "%Y-%m-%dT%H:%M:%S.%iZ");
}

std::optional<std::int64_t> parseTime(const std::string& text)
{
    Poco::DateTime parsed;
    int tz = 0;
    if (text.size() < 20 || !(text[10] == 'T' || text[10] == 't'))
        return std::nullopt;
    if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, parsed, tz)
        && !Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, text, parsed, tz))
        return std::nullopt;
    parsed.makeUTC(tz);
    return parsed.timestamp().epochMicroseconds() / 1000;
}

Poco::JSON::Object::Ptr userJson(const UserRecord& user)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("id", user.id);
    o->set("username", user.username);
    o->set("created_at", formatTime(user.createdAt));
    o->set("admin", user.admin);
    o->set("is_admin", user.admin);
    return o;
}

Poco::JSON::Object::Ptr usageJson(const Usage& usage, const std::optional<std::int64_t>& quotaBytes)
{
    Poco::JSON::Object::Ptr u = new Poco::JSON::Object;
    u->set("files", static_cast<Poco::Int64>(usage.files));
    u->set("bytes", static_cast<Poco::Int64>(usage.bytes));
    u->set("quota_bytes", nullable(quotaBytes));
    return u;
}

Poco::JSON::Object::Ptr adminUserJson(const UserWithUsage& entry)
{
    Poco::JSON::Object::Ptr o = userJson(entry.user);
    o->set("disabled", entry.user.disabled);
    o->set("usage", usageJson(entry.usage, entry.user.quotaBytes));
    return o;
}

Poco::JSON::Object::Ptr fileJson(const FileRecord& f)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("id", f.id);
    o->set("name", f.name);
    o->set("size", static_cast<Poco::Int64>(f.size));
    o->set("sha256", f.sha256);
    o->set("mime", f.mime);
    o->set("kind", f.kind);
    o->set("uploaded_at", formatTime(f.uploadedAt));
    o->set("taken_at", formatTime(f.takenAt));
    o->set("width", nullable(f.width));
    o->set("height", nullable(f.height));
    o->set("thumbnail", f.thumbnail);
    return o;
}

Poco::JSON::Object::Ptr uploadJson(const UploadRecord& u)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("id", u.id);
    o->set("name", u.name);
    o->set("size", static_cast<Poco::Int64>(u.size));
    o->set("sha256", u.sha256);
    o->set("chunk_size", static_cast<Poco::Int64>(u.chunkSize));
    o->set("chunk_count", static_cast<Poco::Int64>(u.chunkCount));
    Poco::JSON::Array::Ptr received = new Poco::JSON::Array;
    for (auto index : u.received)
        received->add(static_cast<Poco::Int64>(index));
    o->set("received", received);
    o->set("bytes_received", static_cast<Poco::Int64>(u.bytesReceived));
    o->set("state", u.state);
    o->set("created_at", formatTime(u.createdAt));
    o->set("expires_at", formatTime(u.expiresAt));
    return o;
}

std::string requireString(const Poco::JSON::Object::Ptr& body, const std::string& key, int code)
{
    const auto errorCode = static_cast<ErrorCode>(code);
    if (!body->has(key) || body->isNull(key))
        throw ServiceError(errorCode, key + " is required");
    const Poco::Dynamic::Var value = body->get(key);
    if (!value.isString())
        throw ServiceError(errorCode, key + " must be a string");
    return value.extract<std::string>();
}

std::string optionalString(const Poco::JSON::Object::Ptr& body, const std::string& key)
{
    if (!body->has(key) || body->isNull(key))
        return {};
    const Poco::Dynamic::Var value = body->get(key);
    if (!value.isString())
        throw ServiceError(ErrorCode::InvalidJson, key + " must be a string");
    return value.extract<std::string>();
}

std::optional<std::int64_t> integerMember(const Poco::JSON::Object::Ptr& body, const std::string& key, int code,
                                          bool required)
{
    const auto errorCode = static_cast<ErrorCode>(code);
    if (!body->has(key) || body->isNull(key)) {
        if (required)
            throw ServiceError(errorCode, key + " is required");
        return std::nullopt;
    }
    const Poco::Dynamic::Var value = body->get(key);
    if (!value.isInteger() || value.isString())
        throw ServiceError(errorCode, key + " must be a whole number");
    // The parser stores an integer that does not fit Int64 as UInt64 (and wraps what does not
    // fit UInt64 either): either way it is beyond 2^63 - 1.
    if (value.type() == typeid(Poco::UInt64))
        throw ServiceError(errorCode, key + " is too large");
    if (value.isSigned()) {
        const Poco::Int64 n = value.convert<Poco::Int64>();
        if (n < 0)
            throw ServiceError(errorCode, key + " must not be negative");
        return n;
    }
    const Poco::UInt64 n = value.convert<Poco::UInt64>();
    if (n > static_cast<Poco::UInt64>(std::numeric_limits<std::int64_t>::max()))
        throw ServiceError(errorCode, key + " is too large");
    return static_cast<std::int64_t>(n);
}

} // namespace nestbox::server
