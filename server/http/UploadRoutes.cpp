#include "Services.h"
#include "http/JsonViews.h"
#include "http/RequestContext.h"
#include "http/Router.h"
#include "service/ServiceError.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

namespace nestbox::server {

namespace {

Poco::JSON::Object::Ptr completeJson(const FileRecord& file, bool instant)
{
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("state", "complete");
    o->set("instant", instant);
    o->set("file", fileJson(file));
    return o;
}

// Counts a chunk body in the in-flight gauge for as long as it is being received.
class ChunkGauge {
public:
    explicit ChunkGauge(Metrics& metrics)
        : _metrics(metrics)
    {
        _metrics.chunkStarted();
    }
    ~ChunkGauge() { _metrics.chunkFinished(); }
    ChunkGauge(const ChunkGauge&) = delete;
    ChunkGauge& operator=(const ChunkGauge&) = delete;

private:
    Metrics& _metrics;
};

} // namespace

void registerUploadRoutes(Router& router, Services& services)
{
    router.add("POST", "/api/v1/uploads", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        const auto body = ctx.jsonBody();
        const std::string name = requireString(body, "name", static_cast<int>(ErrorCode::InvalidName));
        const std::int64_t size = *integerMember(body, "size", static_cast<int>(ErrorCode::InvalidSize), true);
        const std::string sha = requireString(body, "sha256", static_cast<int>(ErrorCode::InvalidSha256));
        const auto hint = integerMember(body, "chunk_size", static_cast<int>(ErrorCode::InvalidParameter), false);
        std::optional<std::int64_t> modifiedAt;
        if (const std::string m = optionalString(body, "modified_at"); !m.empty()) {
            modifiedAt = parseTime(m);
            if (!modifiedAt)
                throw ServiceError(ErrorCode::InvalidParameter, "modified_at must be an RFC 3339 time");
        }
        const auto result = services.uploadFlow.start(auth, name, size, sha, modifiedAt, hint.value_or(0));
        using Outcome = UploadService::StartResult::Outcome;
        switch (result.outcome) {
        case Outcome::Instant:
            ctx.sendJson(201, completeJson(*result.file, true));
            return;
        case Outcome::Complete:
            ctx.sendJson(201, completeJson(*result.file, false));
            return;
        case Outcome::ProofRequired: {
            Poco::JSON::Object::Ptr challenge = new Poco::JSON::Object;
            challenge->set("nonce", result.nonce);
            Poco::JSON::Array::Ptr ranges = new Poco::JSON::Array;
            for (const ByteRange& r : result.ranges) {
                Poco::JSON::Array::Ptr pair = new Poco::JSON::Array;
                pair->add(static_cast<Poco::Int64>(r.offset));
                pair->add(static_cast<Poco::Int64>(r.length));
                ranges->add(pair);
            }
            challenge->set("ranges", ranges);
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
            o->set("state", "proof_required");
            o->set("upload", uploadJson(result.upload));
            o->set("challenge", challenge);
            ctx.sendJson(200, o);
            return;
        }
        case Outcome::Receiving: {
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
            o->set("state", "receiving");
            o->set("upload", uploadJson(result.upload));
            ctx.sendJson(201, o);
            return;
        }
        }
    });

    router.add("GET", "/api/v1/uploads", [&services](RequestContext& ctx) {
        Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
        for (const UploadRecord& u : services.uploadFlow.unfinished(ctx.auth()))
            items->add(uploadJson(u));
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("items", items);
        ctx.sendJson(200, o);
    });

    router.add("GET", "/api/v1/uploads/{id}", [&services](RequestContext& ctx) {
        ctx.sendJson(200, uploadJson(services.uploadFlow.status(ctx.auth(), ctx.param("id"))));
    });

    router.add("DELETE", "/api/v1/uploads/{id}", [&services](RequestContext& ctx) {
        services.uploadFlow.abort(ctx.auth(), ctx.param("id"));
        ctx.sendNoContent();
    });

    router.add("POST", "/api/v1/uploads/{id}/proof", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        const auto body = ctx.jsonBody();
        const std::string proof = requireString(body, "proof", static_cast<int>(ErrorCode::ProofMismatch));
        ctx.sendJson(201, completeJson(services.uploadFlow.prove(auth, ctx.param("id"), proof), true));
    });

    router.add("POST", "/api/v1/uploads/{id}/complete", [&services](RequestContext& ctx) {
        ctx.sendJson(201, completeJson(services.uploadFlow.complete(ctx.auth(), ctx.param("id")), false));
    });

    router.add("PUT", "/api/v1/uploads/{id}/chunks/{index*}", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        ChunkGauge gauge(services.metrics);
        auto& request = ctx.request;
        if (!request.hasContentLength() && !request.getChunkedTransferEncoding())
            throw ServiceError(ErrorCode::LengthRequired, "a chunk needs Content-Length");
        const std::int64_t length = request.hasContentLength() ? request.getContentLength64() : -1;
        const std::string sha = Poco::trim(request.get("X-Nestbox-Chunk-SHA256", ""));
        services.uploadFlow.putChunk(auth, ctx.param("id"), ctx.param("index"), length, sha, request.stream());
        ctx.markBodyConsumed();
        ctx.sendNoContent();
    });
}

} // namespace nestbox::server
