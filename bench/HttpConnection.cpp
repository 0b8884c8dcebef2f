#include "HttpConnection.h"

#include "BenchError.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <istream>
#include <ostream>
#include <vector>

void BodySession::writeBody(const char* data, std::size_t length)
{
    while (length > 0) {
        const auto piece = static_cast<std::streamsize>(std::min<std::size_t>(length, 1 << 20));
        const int sent = write(data, piece);
        if (sent <= 0)
            throw Poco::Net::NetException("connection closed while sending the body");
        data += sent;
        length -= static_cast<std::size_t>(sent);
    }
}

HttpConnection::HttpConnection(const std::string& host, std::uint16_t port) : _session(host, port)
{
    _session.setKeepAlive(true);
    // Below the server's 15 s idle limit, so Poco reconnects before the server drops us.
    _session.setKeepAliveTimeout(Poco::Timespan(10, 0));
    _session.setTimeout(Poco::Timespan(300, 0));
}

HttpResponse HttpConnection::request(const std::string& method, const std::string& target, const std::string& body,
                                     const HeaderList& headers, const std::string& contentType)
{
    const bool hasBody = !body.empty() || method == "POST" || method == "PUT" || method == "PATCH";
    BodyWriter writer;
    if (!body.empty())
        writer = [&body](const BodySink& send) { send(body.data(), body.size()); };
    return perform(method, target, headers, hasBody ? std::optional<std::uint64_t>(body.size()) : std::nullopt,
                   body.empty() ? std::string() : contentType, writer, {}, true);
}

HttpResponse HttpConnection::requestStreamed(const std::string& method, const std::string& target, std::uint64_t length,
                                             const BodyWriter& writer, const HeaderList& headers,
                                             const std::string& contentType)
{
    return perform(method, target, headers, length, contentType, writer, {}, true);
}

HttpResponse HttpConnection::download(const std::string& target, const BodySink& sink, const HeaderList& headers)
{
    return perform("GET", target, headers, std::nullopt, {}, {}, sink, false);
}

HttpResponse HttpConnection::perform(const std::string& method, const std::string& target, const HeaderList& headers,
                                     std::optional<std::uint64_t> length, const std::string& contentType,
                                     const BodyWriter& writer, const BodySink& sink, bool retryable)
{
    for (int attempt = 0;; ++attempt) {
        try {
            Poco::Net::HTTPRequest req(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
            req.setKeepAlive(true);
            if (!_token.empty())
                req.set("Authorization", "Bearer " + _token);
            for (const auto& [name, value] : headers)
                req.set(name, value);
            if (length) {
                req.setContentLength64(static_cast<Poco::Int64>(*length));
                if (!contentType.empty())
                    req.setContentType(contentType);
            }
            // Poco may keep the header in the request stream's buffer: flush it before any body byte.
            std::ostream& headerOut = _session.sendRequest(req);
            headerOut.flush();
            // The header went out in its own segment; without TCP_NODELAY the body would wait for the
            // server's delayed ACK (~40 ms). Set per request: a reconnect makes a new socket.
            _session.socket().setNoDelay(true);
            if (writer)
                writer([this](const char* data, std::size_t size) { _session.writeBody(data, size); });

            Poco::Net::HTTPResponse resp;
            std::istream& is = _session.receiveResponse(resp);
            HttpResponse out;
            out.status = static_cast<int>(resp.getStatus());
            for (const auto& [name, value] : resp)
                out.headers.add(name, value);
            const bool success = out.status >= 200 && out.status < 300;
            if (sink && success && resp.hasContentLength() && !resp.getChunkedTransferEncoding()) {
                // Exactly Content-Length bytes, straight from the session (buffered bytes first).
                std::vector<char> buffer(1 << 20);
                const auto total = static_cast<std::uint64_t>(resp.getContentLength64());
                while (out.bodyBytes < total) {
                    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), total - out.bodyBytes));
                    const int got = _session.readBody(buffer.data(), want);
                    if (got <= 0)
                        throw BenchError(method + " " + target + ": connection closed after " +
                                         std::to_string(out.bodyBytes) + " of " + std::to_string(total) + " bytes");
                    out.bodyBytes += static_cast<std::uint64_t>(got);
                    sink(buffer.data(), static_cast<std::size_t>(got));
                }
            } else if (sink && success) {
                std::vector<char> buffer(1 << 20);
                while (is) {
                    is.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                    const auto got = is.gcount();
                    if (got <= 0)
                        break;
                    out.bodyBytes += static_cast<std::uint64_t>(got);
                    sink(buffer.data(), static_cast<std::size_t>(got));
                }
            } else {
                Poco::StreamCopier::copyToString(is, out.body);
                out.bodyBytes = out.body.size();
            }
            return out;
        } catch (const Poco::Exception& e) {
            // A kept-alive connection the server already closed fails on first use: reconnect once.
            _session.reset();
            if (!retryable || attempt >= 1)
                throw BenchError(method + " " + target + ": " + e.displayText());
        }
    }
}
