#include "queue/RedisStreamTransport.h"

#include "cache/RedisPool.h"
#include "service/Clock.h"

#include <Poco/Environment.h>
#include <Poco/Process.h>
#include <Poco/Redis/Array.h>
#include <Poco/Redis/Type.h>
#include <Poco/URI.h>

#include <algorithm>
#include <random>

namespace nestbox::server {

namespace {

using Poco::Redis::Array;
using Poco::Redis::RedisType;

// Fields of one stream entry and of the members of the delay set.
const char* kScriptCreateGroup = "redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM') return 1";
const char* kScriptAck = "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) redis.call('XDEL', KEYS[1], ARGV[2]) return 1";
const char* kScriptRetry = "redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])"
                           " redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) redis.call('XDEL', KEYS[1], ARGV[2]) return 1";
const char* kScriptDead = "redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', 'id', ARGV[3], 'kind', ARGV[4],"
                          " 'subject', ARGV[5], 'attempt', ARGV[6], 'reason', ARGV[7], 'at', ARGV[8])"
                          " redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) redis.call('XDEL', KEYS[1], ARGV[2]) return 1";
// Moves due retries (member "id\nkind\nsubject\nattempt") from the delay set back to the stream in
// one step, so a crash in between loses none.
const char* kScriptPromote =
    "local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)"
    " for _, m in ipairs(due) do"
    "   local f = {} for part in (m .. '\\n'):gmatch('(.-)\\n') do f[#f + 1] = part end"
    "   redis.call('XADD', KEYS[2], '*', 'id', f[1], 'kind', f[2], 'subject', f[3], 'attempt', f[4])"
    "   redis.call('ZREM', KEYS[1], m)"
    " end return #due";

const Array& asArray(const RedisType::Ptr& value)
{
    static const Array kEmpty;
    const auto* array = value ? dynamic_cast<const Poco::Redis::Type<Array>*>(value.get()) : nullptr;
    return array ? array->value() : kEmpty;
}

std::string asString(const RedisType::Ptr& value)
{
    if (!value)
        return {};
    if (const auto* bulk = dynamic_cast<const Poco::Redis::Type<Poco::Redis::BulkString>*>(value.get()))
        return bulk->value().isNull() ? std::string() : bulk->value().value();
    if (const auto* simple = dynamic_cast<const Poco::Redis::Type<std::string>*>(value.get()))
        return simple->value();
    if (const auto* integer = dynamic_cast<const Poco::Redis::Type<Poco::Int64>*>(value.get()))
        return std::to_string(integer->value());
    return {};
}

std::int64_t asInteger(const RedisType::Ptr& value)
{
    if (const auto* integer = value ? dynamic_cast<const Poco::Redis::Type<Poco::Int64>*>(value.get()) : nullptr)
        return integer->value();
    return 0;
}

RedisType::Ptr element(const Array& array, std::size_t i)
{
    if (array.isNull() || i >= array.size())
        return {};
    return *(array.begin() + static_cast<std::ptrdiff_t>(i));
}

// [entry-id, [field, value, …]] → a Delivery; nothing for an entry whose body was deleted.
std::optional<Delivery> parseEntry(const RedisType::Ptr& entry)
{
    const Array& parts = asArray(entry);
    const Array& fields = asArray(element(parts, 1));
    if (fields.isNull() || fields.size() == 0)
        return std::nullopt;
    Delivery d;
    d.tag = asString(element(parts, 0));
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
        const std::string name = asString(element(fields, i));
        const std::string value = asString(element(fields, i + 1));
        if (name == "id")
            d.jobId = value;
        else if (name == "kind")
            d.kind = value;
        else if (name == "subject")
            d.subject = value;
        else if (name == "attempt")
            d.attempt = value.empty() ? 0 : std::stoll(value);
    }
    if (d.jobId.empty())
        return std::nullopt;
    return d;
}

std::string queryValue(const Poco::URI& uri, const std::string& key, const std::string& fallback)
{
    for (const auto& [name, value] : uri.getQueryParameters())
        if (name == key)
            return value;
    return fallback;
}

} // namespace

RedisStreamTransport::RedisStreamTransport(const std::string& url, const std::string& password, std::int64_t leaseMs)
    : _leaseMs(leaseMs)
{
    Poco::URI uri(url);
    const std::string prefix = queryValue(uri, "prefix", "nestbox:jobs");
    uri.setQuery("");
    _redis = std::make_unique<RedisPool>(uri.toString(), password);
    _stream = prefix;
    _delayed = prefix + ":delayed";
    _dead = prefix + ":dead";
    std::random_device random;
    _consumer = Poco::Environment::nodeName() + ":" + std::to_string(Poco::Process::id()) + ":"
                + std::to_string(random() % 1000000);
}

RedisStreamTransport::~RedisStreamTransport() = default;

void RedisStreamTransport::runScript(const std::string& script, const std::vector<std::string>& keys,
                                     const std::vector<std::string>& args)
{
    Array command;
    command << "EVAL" << script << std::to_string(keys.size());
    for (const std::string& key : keys)
        command << key;
    for (const std::string& arg : args)
        command << arg;
    _redis->run(command);
}

void RedisStreamTransport::ensureGroup()
{
    if (_groupReady)
        return;
    runScript(kScriptCreateGroup, {_stream}, {_group});
    _groupReady = true;
}

void RedisStreamTransport::publish(const JobRecord& job)
{
    Array command;
    command << "XADD" << _stream << "*" << "id" << job.id << "kind" << job.kind << "subject" << job.subject
            << "attempt" << std::to_string(job.attempts);
    _redis->run(command);
}

void RedisStreamTransport::promoteDueRetries()
{
    const std::int64_t now = nowMs();
    if (now < _nextPromote)
        return;
    _nextPromote = now + 250;
    runScript(kScriptPromote, {_delayed, _stream}, {std::to_string(now)});
}

std::optional<Delivery> RedisStreamTransport::reclaimAbandoned()
{
    const std::int64_t now = nowMs();
    if (now < _nextReclaim)
        return std::nullopt;
    _nextReclaim = now + std::clamp<std::int64_t>(_leaseMs / 4, 100, 5000);
    Array command;
    command << "XAUTOCLAIM" << _stream << _group << _consumer << std::to_string(_leaseMs) << "0-0" << "COUNT" << "1";
    const RedisType::Ptr answer = _redis->run(command); // keeps what `reply` refers to alive
    const Array& reply = asArray(answer);
    const Array& entries = asArray(element(reply, 1));
    if (entries.isNull() || entries.size() == 0)
        return std::nullopt;
    // Found one: look again soon, there may be more left by the same dead worker.
    _nextReclaim = now;
    return parseEntry(element(entries, 0));
}

std::optional<Delivery> RedisStreamTransport::readNew(std::chrono::milliseconds wait)
{
    // RedisPool's connections time out after 5 s; a worker also checks for stop() this often.
    const auto block = std::clamp<std::int64_t>(wait.count(), 1, 2000);
    Array command;
    command << "XREADGROUP" << "GROUP" << _group << _consumer << "COUNT" << "1" << "BLOCK" << std::to_string(block)
            << "STREAMS" << _stream << ">";
    const RedisType::Ptr answer = _redis->run(command); // keeps what `reply` refers to alive
    const Array& reply = asArray(answer);
    if (reply.isNull() || reply.size() == 0)
        return std::nullopt;
    const Array& stream = asArray(element(reply, 0));
    const Array& entries = asArray(element(stream, 1));
    if (entries.isNull() || entries.size() == 0)
        return std::nullopt;
    return parseEntry(element(entries, 0));
}

std::optional<Delivery> RedisStreamTransport::receive(std::chrono::milliseconds wait)
{
    try {
        ensureGroup();
        promoteDueRetries();
        if (auto reclaimed = reclaimAbandoned())
            return reclaimed;
        return readNew(wait);
    } catch (...) {
        // A restarted Redis without persistence has lost the group with the stream: make it again.
        _groupReady = false;
        throw;
    }
}

void RedisStreamTransport::ack(const Delivery& delivery)
{
    runScript(kScriptAck, {_stream}, {_group, delivery.tag});
}

void RedisStreamTransport::retryLater(const Delivery& delivery, std::chrono::milliseconds delay)
{
    const std::string member =
        delivery.jobId + "\n" + delivery.kind + "\n" + delivery.subject + "\n" + std::to_string(delivery.attempt + 1);
    runScript(kScriptRetry, {_stream, _delayed},
              {_group, delivery.tag, std::to_string(nowMs() + delay.count()), member});
}

void RedisStreamTransport::deadLetter(const Delivery& delivery, const std::string& reason)
{
    runScript(kScriptDead, {_stream, _dead},
              {_group, delivery.tag, delivery.jobId, delivery.kind, delivery.subject, std::to_string(delivery.attempt),
               reason.substr(0, 1000), std::to_string(nowMs())});
}

std::int64_t RedisStreamTransport::depth()
{
    Array xlen;
    xlen << "XLEN" << _stream;
    Array zcard;
    zcard << "ZCARD" << _delayed;
    return asInteger(_redis->run(xlen)) + asInteger(_redis->run(zcard));
}

std::int64_t RedisStreamTransport::deadCount()
{
    Array xlen;
    xlen << "XLEN" << _dead;
    return asInteger(_redis->run(xlen));
}

std::string RedisStreamTransport::describe()
{
    return _redis->describe() + " stream " + _stream;
}

} // namespace nestbox::server
