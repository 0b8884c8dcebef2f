#include "Services.h"
#include "http/JsonViews.h"
#include "http/RequestContext.h"
#include "http/Router.h"
#include "service/ServiceError.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <charconv>
#include <vector>

namespace nestbox::server {

namespace {

struct ByteSpan {
    std::int64_t first = 0;
    std::int64_t last = 0; // inclusive
};

bool parseNumber(const std::string& text, std::int64_t& out)
{
    if (text.empty() || text.size() > 18)
        return false;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size() && out >= 0;
}

// One "bytes=" range of RFC 9110 against a body of `size` bytes. nullopt = no Range header or
// another unit (answer the whole body); throws RangeNotSatisfiable for a range that cannot be
// served, including several ranges at once.
std::optional<ByteSpan> parseRange(const std::string& header, std::int64_t size)
{
    const std::string value = Poco::trim(header);
    if (value.empty() || value.rfind("bytes=", 0) != 0)
        return std::nullopt;
    const auto unsatisfiable = [size](const std::string& why) {
        ServiceError error(ErrorCode::RangeNotSatisfiable, why);
        error.missing = {size}; // carried to the Content-Range header
        return error;
    };
    const std::string spec = Poco::trim(value.substr(6));
    if (spec.find(',') != std::string::npos)
        throw unsatisfiable("only one range per request is served");
    const auto dash = spec.find('-');
    if (dash == std::string::npos)
        throw unsatisfiable("the range is malformed");
    const std::string a = Poco::trim(spec.substr(0, dash));
    const std::string b = Poco::trim(spec.substr(dash + 1));
    std::int64_t first = 0, last = 0;
    if (a.empty()) {
        std::int64_t suffix = 0;
        if (!parseNumber(b, suffix) || suffix == 0 || size == 0)
            throw unsatisfiable("the range is malformed or empty");
        first = suffix >= size ? 0 : size - suffix;
        return ByteSpan{first, size - 1};
    }
    if (!parseNumber(a, first))
        throw unsatisfiable("the range is malformed");
    if (b.empty())
        last = size - 1;
    else if (!parseNumber(b, last) || last < first)
        throw unsatisfiable("the range is malformed");
    if (first >= size)
        throw unsatisfiable("the range starts past the end of the file");
    if (last >= size)
        last = size - 1;
    return ByteSpan{first, last};
}

std::string contentDisposition(const std::string& name)
{
    std::string encoded;
    Poco::URI::encode(name, "!#$&'()*+,/:;=?@[] ", encoded);
    return "attachment; filename*=UTF-8''" + encoded;
}

std::optional<std::int64_t> modifiedAtHeader(const Poco::Net::HTTPServerRequest& request)
{
    const std::string value = request.get("X-Nestbox-Modified-At", "");
    if (value.empty())
        return std::nullopt;
    const auto at = parseTime(value);
    if (!at)
        throw ServiceError(ErrorCode::InvalidParameter, "X-Nestbox-Modified-At must be an RFC 3339 time");
    return at;
}

std::string declaredSha(const Poco::Net::HTTPServerRequest& request)
{
    return Poco::trim(request.get("X-Nestbox-SHA256", ""));
}

// Streams the `file` part of a multipart/form-data upload straight into the store.
class UploadPartHandler final : public Poco::Net::PartHandler {
public:
    UploadPartHandler(Services& services, const UserRecord& user, FileDraft draft, std::string sha)
        : _services(services)
        , _user(user)
        , _draft(std::move(draft))
        , _sha(std::move(sha))
    {
    }

    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override
    {
        std::string disposition;
        Poco::Net::NameValueCollection params;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, params);
        if (params.get("name", "") != "file")
            return;
        if (_file)
            throw ServiceError(ErrorCode::BadRequest, "send one file part per request");
        FileDraft draft = _draft;
        if (draft.name.empty())
            draft.name = params.get("filename", "");
        _file = _services.library.uploadSimple(_user, draft, stream, -1, _sha);
    }

    const std::optional<FileRecord>& file() const { return _file; }

private:
    Services& _services;
    const UserRecord& _user;
    FileDraft _draft;
    std::string _sha;
    std::optional<FileRecord> _file;
};

} // namespace

void registerFileRoutes(Router& router, Services& services)
{
    router.add("GET", "/api/v1/files", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        int limit = 100;
        if (ctx.hasQuery("limit") && !Poco::NumberParser::tryParse(ctx.query("limit"), limit))
            throw ServiceError(ErrorCode::InvalidParameter, "limit must be a whole number from 1 to 1000");
        const auto page = services.library.list(auth.user.id, ctx.query("sort"), ctx.query("order"), ctx.query("q"),
                                                ctx.query("kind"), limit, ctx.query("cursor"));
        Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
        for (const FileRecord& f : page.items)
            items->add(fileJson(f));
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("items", items);
        if (page.nextCursor)
            o->set("next_cursor", *page.nextCursor);
        else
            o->set("next_cursor", Poco::Dynamic::Var());
        ctx.sendJson(200, o);
    });

    router.add("GET", "/api/v1/files/{id}", [&services](RequestContext& ctx) {
        ctx.sendJson(200, fileJson(services.library.get(ctx.auth().user.id, ctx.param("id"))));
    });

    router.add("PATCH", "/api/v1/files/{id}", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        const auto body = ctx.jsonBody();
        const std::string name = requireString(body, "name", static_cast<int>(ErrorCode::InvalidName));
        ctx.sendJson(200, fileJson(services.library.rename(auth.user.id, ctx.param("id"), name)));
    });

    router.add("DELETE", "/api/v1/files/{id}", [&services](RequestContext& ctx) {
        services.library.remove(ctx.auth().user.id, ctx.param("id"));
        ctx.sendNoContent();
    });

    router.add("GET", "/api/v1/files/{id}/content", [&services](RequestContext& ctx) {
        if (services.config.storagePresignSeconds > 0) {
            // After the same ownership check as a streamed download, the client fetches the
            // bytes from the object store itself through a short-lived signed URL.
            const FileRecord file = services.library.get(ctx.auth().user.id, ctx.param("id"));
            const auto url = services.store->presignedGet(
                file.sha256, std::chrono::seconds(services.config.storagePresignSeconds),
                contentDisposition(file.name), file.mime);
            if (url) {
                auto& response = ctx.response;
                response.set("Location", *url);
                response.set("Cache-Control", "private, no-store");
                response.set("Referrer-Policy", "no-referrer");
                response.setStatus(Poco::Net::HTTPResponse::HTTP_FOUND);
                response.setContentLength(0);
                response.send();
                return;
            }
        }
        auto content = services.library.open(ctx.auth().user.id, ctx.param("id"));
        auto& response = ctx.response;
        const std::string etag = "\"" + content.file.sha256 + "\"";
        response.set("ETag", etag);
        response.set("Accept-Ranges", "bytes");
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Cache-Control", "private, no-cache");
        response.set("Content-Disposition", contentDisposition(content.file.name));
        const std::string ifNoneMatch = ctx.request.get("If-None-Match", "");
        if (!ifNoneMatch.empty() && (ifNoneMatch.find(etag) != std::string::npos || Poco::trim(ifNoneMatch) == "*")) {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
            response.setContentLength(0);
            response.send();
            return;
        }
        const std::int64_t size = content.file.size;
        std::optional<ByteSpan> span;
        const std::string ifRange = ctx.request.get("If-Range", "");
        if (ifRange.empty() || ifRange == etag)
            span = parseRange(ctx.request.get("Range", ""), size);
        std::int64_t first = 0;
        std::int64_t length = size;
        if (span) {
            first = span->first;
            length = span->last - span->first + 1;
            response.setStatus(Poco::Net::HTTPResponse::HTTP_PARTIAL_CONTENT);
            response.set("Content-Range", "bytes " + std::to_string(span->first) + "-" + std::to_string(span->last) + "/"
                                              + std::to_string(size));
        } else {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
        }
        response.setContentType(content.file.mime);
        response.setContentLength64(length);
        std::ostream& out = response.send();
        std::vector<char> buffer(256 * 1024);
        std::int64_t sent = 0;
        while (sent < length && out) {
            const auto want = static_cast<std::size_t>(
                std::min<std::int64_t>(length - sent, static_cast<std::int64_t>(buffer.size())));
            const std::size_t got = content.reader->read(first + sent, buffer.data(), want);
            if (got == 0)
                break;
            out.write(buffer.data(), static_cast<std::streamsize>(got));
            sent += static_cast<std::int64_t>(got);
        }
        ctx.addBytesOut(sent);
    });

    router.add("GET", "/api/v1/files/{id}/thumbnail", [&services](RequestContext& ctx) {
        const FileRecord file = services.library.get(ctx.auth().user.id, ctx.param("id"));
        const std::string sizeText = ctx.hasQuery("size") ? ctx.query("size") : "256";
        if (sizeText != "256" && sizeText != "1280")
            throw ServiceError(ErrorCode::InvalidParameter, "size must be 256 or 1280");
        const int size = sizeText == "256" ? 256 : 1280;
        auto& response = ctx.response;
        if (file.thumbnail == "pending") {
            response.set("Retry-After", "1");
            Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
            o->set("state", "pending");
            o->set("retry_after", 1);
            ctx.sendJson(202, o);
            return;
        }
        auto reader = file.thumbnail == "ready" ? services.thumbnails.open(file.sha256, size) : nullptr;
        if (!reader)
            throw ServiceError(ErrorCode::NoThumbnail, "this file has no thumbnail");
        // Thumbnails are keyed by content, so they never change under an ETag.
        const std::string etag = "\"" + file.sha256 + "-" + sizeText + "\"";
        response.set("ETag", etag);
        response.set("Cache-Control", "private, max-age=86400");
        response.set("X-Content-Type-Options", "nosniff");
        if (ctx.request.get("If-None-Match", "").find(etag) != std::string::npos) {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
            response.setContentLength(0);
            response.send();
            return;
        }
        const std::int64_t length = reader->size();
        std::string bytes(static_cast<std::size_t>(length), '\0');
        bytes.resize(reader->read(0, bytes.data(), bytes.size()));
        response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
        response.setContentType("image/jpeg");
        response.setContentLength64(static_cast<Poco::Int64>(bytes.size()));
        response.send().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        ctx.addBytesOut(static_cast<std::int64_t>(bytes.size()));
    });

    router.add("POST", "/api/v1/files", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        auto& request = ctx.request;
        FileDraft draft;
        draft.userId = auth.user.id;
        draft.modifiedAt = modifiedAtHeader(request);
        const std::string rawName = request.get("X-Nestbox-Name", "");
        if (!rawName.empty())
            Poco::URI::decode(rawName, draft.name);
        const std::string sha = declaredSha(request);
        const std::string type = Poco::toLower(request.getContentType());
        std::optional<FileRecord> file;
        if (type.rfind("multipart/form-data", 0) == 0) {
            UploadPartHandler handler(services, auth.user, draft, sha);
            Poco::Net::HTMLForm form;
            form.setFieldLimit(20);
            form.setValueLengthLimit(64 * 1024);
            try {
                form.load(request, request.stream(), handler);
            } catch (const ServiceError&) {
                throw;
            } catch (const Poco::Exception& e) {
                throw ServiceError(ErrorCode::BadRequest, "the multipart body is malformed: " + e.message());
            }
            ctx.markBodyConsumed();
            if (!handler.file())
                throw ServiceError(ErrorCode::BadRequest, "a multipart upload needs a part named \"file\"");
            file = handler.file();
        } else {
            if (!request.hasContentLength() && !request.getChunkedTransferEncoding())
                throw ServiceError(ErrorCode::LengthRequired, "a raw upload needs Content-Length");
            if (rawName.empty())
                throw ServiceError(ErrorCode::InvalidName, "X-Nestbox-Name is required (percent-encoded UTF-8)");
            const std::int64_t length = request.hasContentLength() ? request.getContentLength64() : -1;
            file = services.library.uploadSimple(auth.user, draft, request.stream(), length, sha);
            ctx.markBodyConsumed();
        }
        ctx.sendJson(201, fileJson(*file));
    });
}

} // namespace nestbox::server
