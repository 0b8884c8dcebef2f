#pragma once

#include "service/AuthService.h"

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <map>
#include <optional>
#include <string>

namespace nestbox::server {

struct Services;

// One request on its way through a route handler: path parameters, query, JSON body within
// the configured limit, the caller's identity, and the JSON/empty answers. Not shared
// between threads.
class RequestContext {
public:
    RequestContext(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   Services& services);

    Poco::Net::HTTPServerRequest& request;
    Poco::Net::HTTPServerResponse& response;
    Services& services;
    std::map<std::string, std::string> params;

    const std::string& param(const std::string& name) const;
    // First value of a query parameter, percent-decoded; empty when absent.
    std::string query(const std::string& name) const;
    bool hasQuery(const std::string& name) const;

    // The caller; ServiceError(Unauthorized) without a valid bearer token (never from the query).
    const AuthContext& auth();

    bool authenticated() const { return _auth.has_value(); }

    // The body as a JSON object (UTF-8, at most http.max_json_bytes).
    Poco::JSON::Object::Ptr jsonBody();

    void sendJson(int status, const Poco::JSON::Object::Ptr& body);
    void sendNoContent();
    void sendText(int status, const std::string& contentType, const std::string& body);

    // Marks the body as read to its end, so the connection can be kept alive after an error.
    void markBodyConsumed() { _bodyConsumed = true; }
    bool bodyConsumed() const { return _bodyConsumed; }
    std::int64_t bytesOut() const { return _bytesOut; }
    void addBytesOut(std::int64_t n) { _bytesOut += n; }

private:
    Poco::URI::QueryParameters _query;
    std::optional<AuthContext> _auth;
    bool _bodyConsumed = false;
    std::int64_t _bytesOut = 0;
};

} // namespace nestbox::server
