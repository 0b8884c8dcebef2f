#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/NameValueCollection.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One HTTP answer. For streamed downloads `body` stays empty and `bodyBytes` counts what the sink saw.
struct HttpResponse {
    int status = 0;
    std::string body;
    Poco::Net::NameValueCollection headers;
    std::uint64_t bodyBytes = 0;

    std::string header(const std::string& name) const { return headers.get(name, std::string()); }
};

// Poco's session with its raw body I/O made reachable: Poco frames the message (request line, headers,
// Content-Length, response parsing); the bench moves large bodies in 1 MiB pieces instead of through
// the 4 KiB stream buffers, so the client's own syscalls do not dominate a loopback measurement.
class BodySession : public Poco::Net::HTTPClientSession {
public:
    using Poco::Net::HTTPClientSession::HTTPClientSession;
    void writeBody(const char* data, std::size_t length);
    int readBody(char* buffer, std::size_t length) { return read(buffer, static_cast<std::streamsize>(length)); }
};

// One keep-alive HTTP/1.1 connection to the server (Poco HTTPClientSession) with an optional bearer
// token. Requests on one object are sequential; use one object per thread.
class HttpConnection {
public:
    using BodySink = std::function<void(const char*, std::size_t)>;
    // Produces the request body by calling `send` with consecutive pieces.
    using BodyWriter = std::function<void(const BodySink& send)>;

    HttpConnection(const std::string& host, std::uint16_t port);

    void setToken(std::string token) { _token = std::move(token); }
    const std::string& token() const { return _token; }

    // A request with an in-memory body (JSON by default). Empty body on POST/PUT/PATCH sends Content-Length: 0.
    HttpResponse request(const std::string& method, const std::string& target, const std::string& body = {},
                         const HeaderList& headers = {}, const std::string& contentType = "application/json");

    // A request whose body of `length` bytes is produced by `writer` straight onto the socket stream.
    HttpResponse requestStreamed(const std::string& method, const std::string& target, std::uint64_t length,
                                 const BodyWriter& writer, const HeaderList& headers = {},
                                 const std::string& contentType = "application/octet-stream");

    // A GET whose 2xx body is handed to `sink` piece by piece instead of being kept (large downloads).
    HttpResponse download(const std::string& target, const BodySink& sink, const HeaderList& headers = {});

private:
    HttpResponse perform(const std::string& method, const std::string& target, const HeaderList& headers,
                         std::optional<std::uint64_t> length, const std::string& contentType,
                         const BodyWriter& writer, const BodySink& sink, bool retryable);

    BodySession _session;
    std::string _token;
};
