#include "http/Router.h"

#include "Services.h"
#include "http/ErrorStatus.h"
#include "http/RequestContext.h"
#include "service/ServiceError.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/NullStream.h>
#include <Poco/URI.h>

#include <algorithm>
#include <chrono>
#include <sstream>

namespace nestbox::server {

namespace {

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> segments;
    std::size_t pos = 1;
    while (pos <= path.size()) {
        std::size_t end = path.find('/', pos);
        if (end == std::string::npos)
            end = path.size();
        segments.push_back(path.substr(pos, end - pos));
        pos = end + 1;
    }
    return segments;
}

void sendError(RequestContext& ctx, const ServiceError& error)
{
    auto& response = ctx.response;
    if (response.sent())
        return;
    const int status = httpStatusFor(error.code());
    Poco::JSON::Object::Ptr inner = new Poco::JSON::Object;
    inner->set("code", std::string(errorCodeName(error.code())));
    inner->set("message", std::string(error.what()));
    if (error.code() == ErrorCode::MissingChunks) {
        Poco::JSON::Array::Ptr missing = new Poco::JSON::Array;
        for (auto index : error.missing)
            missing->add(static_cast<Poco::Int64>(index));
        inner->set("missing", missing);
    }
    if (error.retryAfter >= 0) {
        inner->set("retry_after", static_cast<Poco::Int64>(error.retryAfter));
        response.set("Retry-After", std::to_string(error.retryAfter));
    }
    if (error.code() == ErrorCode::RangeNotSatisfiable && error.missing.size() == 1)
        response.set("Content-Range", "bytes */" + std::to_string(error.missing.front()));
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("error", inner);
    // An unread request body would be taken for the next request. Read and drop one up to a
    // chunk's size, so the client gets this answer instead of a reset; close on anything bigger.
    if (!ctx.bodyConsumed()) {
        const auto length = ctx.request.getContentLength64();
        const auto drainable = ctx.authenticated()
            ? std::max<std::int64_t>(2 << 20, ctx.services.config.limits.chunkSizeMax)
            : std::int64_t(2 << 20);
        if (length > 0 && length <= drainable) {
            Poco::NullOutputStream sink;
            Poco::StreamCopier::copyStream(ctx.request.stream(), sink);
        } else if (length != 0) {
            response.setKeepAlive(false);
        }
    }
    ctx.sendJson(status, body);
}

class RoutedHandler final : public Poco::Net::HTTPRequestHandler {
public:
    RoutedHandler(const Router& router, Services& services)
        : _router(router)
        , _services(services)
    {
    }

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
    {
        const auto started = std::chrono::steady_clock::now();
        _services.metrics.requestStarted();
        std::string route = "unmatched";
        int status = 500;
        std::optional<RequestContext> ctx;
        try {
            ctx.emplace(request, response, _services);
            const std::string& uri = request.getURI();
            if (uri.size() > _services.config.maxUriLength)
                throw ServiceError(ErrorCode::UriTooLong, "the request target is too long");
            const std::string path = uri.substr(0, uri.find('?'));
            if (path.empty() || path.front() != '/')
                throw ServiceError(ErrorCode::BadRequest, "the request target must be a path");
            bool pathMatched = false;
            const Router::Rule* rule = _router.match(request.getMethod(), splitPath(path), ctx->params, pathMatched);
            if (!rule) {
                if (pathMatched)
                    throw ServiceError(ErrorCode::MethodNotAllowed, "this method is not allowed here");
                throw ServiceError(ErrorCode::NotFound, "no such resource");
            }
            route = rule->pattern;
            rule->handler(*ctx);
            status = response.getStatus();
        } catch (const ServiceError& e) {
            status = httpStatusFor(e.code());
            if (ctx)
                answer(*ctx, e);
        } catch (const Poco::Net::NetException& e) {
            // The client went away or the socket timed out: nothing left to answer.
            status = 499;
            Poco::Logger::get("nestbox.http").information("connection dropped on %s: %s", route, e.displayText());
        } catch (const Poco::Exception& e) {
            Poco::Logger::get("nestbox.http").error("unexpected error on %s: %s", route, e.displayText());
            status = 500;
            if (ctx)
                answer(*ctx, ServiceError(ErrorCode::Internal, "internal error"));
        } catch (const std::exception& e) {
            Poco::Logger::get("nestbox.http").error("unexpected error on %s: %s", route, std::string(e.what()));
            status = 500;
            if (ctx)
                answer(*ctx, ServiceError(ErrorCode::Internal, "internal error"));
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const std::int64_t in = request.getContentLength64() > 0 ? request.getContentLength64() : 0;
        _services.metrics.record(route, request.getMethod(), status, seconds, in, ctx ? ctx->bytesOut() : 0);
        _services.metrics.requestFinished();
        // The log names the route pattern, never the query (search terms) or any header.
        auto& log = Poco::Logger::get("nestbox.http");
        if (log.information())
            log.information("%s %s %d %.1fms client=%s", request.getMethod(), route, status, seconds * 1000.0,
                            request.clientAddress().host().toString());
    }

private:
    static void answer(RequestContext& ctx, const ServiceError& e)
    {
        try {
            sendError(ctx, e);
        } catch (const Poco::Exception&) {
            // The connection is gone; the status is already counted.
        }
    }

    const Router& _router;
    Services& _services;
};

} // namespace

Router::Router(Services& services)
    : _services(services)
{
}

void Router::add(const std::string& method, const std::string& pattern, Handler handler)
{
    _rules.push_back(Rule{method, pattern, splitPath(pattern), std::move(handler)});
}

const Router::Rule* Router::match(const std::string& method, const std::vector<std::string>& path,
                                  std::map<std::string, std::string>& params, bool& pathMatched) const
{
    for (const Rule& rule : _rules) {
        std::map<std::string, std::string> found;
        bool ok = true;
        std::size_t i = 0;
        for (; i < rule.segments.size() && ok; ++i) {
            const std::string& seg = rule.segments[i];
            const bool isParam = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
            if (isParam && seg[seg.size() - 2] == '*') {
                if (i >= path.size()) {
                    ok = false;
                    break;
                }
                std::string rest;
                for (std::size_t k = i; k < path.size(); ++k)
                    rest += (k == i ? "" : "/") + path[k];
                std::string decoded;
                Poco::URI::decode(rest, decoded);
                found[seg.substr(1, seg.size() - 3)] = decoded;
                i = path.size();
                break;
            }
            if (i >= path.size()) {
                ok = false;
            } else if (isParam) {
                std::string decoded;
                Poco::URI::decode(path[i], decoded);
                found[seg.substr(1, seg.size() - 2)] = decoded;
            } else if (seg != path[i]) {
                ok = false;
            }
        }
        if (!ok || i != path.size())
            continue;
        if (rule.method != method) {
            pathMatched = true;
            continue;
        }
        params = std::move(found);
        return &rule;
    }
    return nullptr;
}

Poco::Net::HTTPRequestHandler* Router::createRequestHandler(const Poco::Net::HTTPServerRequest&)
{
    return new RoutedHandler(*this, _services);
}

} // namespace nestbox::server
