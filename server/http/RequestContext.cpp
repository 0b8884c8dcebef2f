#include "http/RequestContext.h"

#include "Services.h"
#include "nestbox/NameValidation.h"
#include "service/ServiceError.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <sstream>

namespace nestbox::server {

RequestContext::RequestContext(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp,
                               Services& svc)
    : request(req)
    , response(resp)
    , services(svc)
{
    try {
        _query = Poco::URI(request.getURI()).getQueryParameters();
    } catch (const Poco::Exception&) {
        throw ServiceError(ErrorCode::BadRequest, "the request target is not a valid URI");
    }
}

const std::string& RequestContext::param(const std::string& name) const
{
    static const std::string kEmpty;
    const auto it = params.find(name);
    return it == params.end() ? kEmpty : it->second;
}

std::string RequestContext::query(const std::string& name) const
{
    for (const auto& [key, value] : _query)
        if (key == name)
            return value;
    return {};
}

bool RequestContext::hasQuery(const std::string& name) const
{
    for (const auto& entry : _query)
        if (entry.first == name)
            return true;
    return false;
}

const AuthContext& RequestContext::auth()
{
    if (_auth)
        return *_auth;
    // Tokens in URLs end up in logs, histories and Referer headers: refuse them outright.
    if (hasQuery("access_token") || hasQuery("token") || hasQuery("bearer"))
        throw ServiceError(ErrorCode::Unauthorized, "tokens are accepted only in the Authorization header");
    const std::string header = request.get("Authorization", "");
    const std::string prefix = "Bearer ";
    if (header.size() <= prefix.size() || Poco::icompare(header.substr(0, prefix.size()), prefix) != 0)
        throw ServiceError(ErrorCode::Unauthorized, "sign in first");
    _auth = services.auth.authenticate(Poco::trim(header.substr(prefix.size())));
    return *_auth;
}

Poco::JSON::Object::Ptr RequestContext::jsonBody()
{
    const std::size_t limit = services.config.maxJsonBytes;
    if (request.hasContentLength() && request.getContentLength64() > static_cast<std::int64_t>(limit))
        throw ServiceError(ErrorCode::PayloadTooLarge, "a JSON body may have at most " + std::to_string(limit) + " bytes");
    std::string body;
    body.resize(limit + 1);
    std::istream& in = request.stream();
    in.read(body.data(), static_cast<std::streamsize>(body.size()));
    body.resize(static_cast<std::size_t>(in.gcount()));
    if (body.size() > limit)
        throw ServiceError(ErrorCode::PayloadTooLarge, "a JSON body may have at most " + std::to_string(limit) + " bytes");
    markBodyConsumed();
    if (!isValidUtf8(body))
        throw ServiceError(ErrorCode::InvalidJson, "the body is not valid UTF-8");
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var parsed = parser.parse(body);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
            throw ServiceError(ErrorCode::InvalidJson, "the body must be a JSON object");
        return parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const ServiceError&) {
        throw;
    } catch (const Poco::Exception&) {
        throw ServiceError(ErrorCode::InvalidJson, "the body is not valid JSON");
    }
}

void RequestContext::sendJson(int status, const Poco::JSON::Object::Ptr& body)
{
    std::ostringstream text;
    body->stringify(text);
    sendText(status, "application/json; charset=utf-8", text.str());
}

void RequestContext::sendText(int status, const std::string& contentType, const std::string& body)
{
    const auto code = static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status);
    response.setStatusAndReason(code, Poco::Net::HTTPResponse::getReasonForStatus(code));
    response.setContentType(contentType);
    response.set("Cache-Control", "no-store");
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    _bytesOut += static_cast<std::int64_t>(body.size());
    response.send() << body;
}

void RequestContext::sendNoContent()
{
    response.setStatus(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
    response.setContentLength(0);
    response.send();
}

} // namespace nestbox::server
