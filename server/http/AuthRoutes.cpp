#include "Services.h"
#include "http/JsonViews.h"
#include "http/RequestContext.h"
#include "http/Router.h"
#include "service/ServiceError.h"

namespace nestbox::server {

void registerAuthRoutes(Router& router, Services& services)
{
    router.add("POST", "/api/v1/auth/signup", [&services](RequestContext& ctx) {
        const auto body = ctx.jsonBody();
        const std::string username = requireString(body, "username", static_cast<int>(ErrorCode::InvalidUsername));
        const std::string password = requireString(body, "password", static_cast<int>(ErrorCode::WeakPassword));
        const std::string invite = optionalString(body, "invite");
        const UserRecord user = services.auth.signup(username, password, invite);
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("user", userJson(user));
        ctx.sendJson(201, o);
    });

    router.add("POST", "/api/v1/auth/login", [&services](RequestContext& ctx) {
        const auto body = ctx.jsonBody();
        const std::string username = requireString(body, "username", static_cast<int>(ErrorCode::InvalidCredentials));
        const std::string password = requireString(body, "password", static_cast<int>(ErrorCode::InvalidCredentials));
        const std::string device = optionalString(body, "device");
        const LoginResult result = services.auth.login(username, password, device,
                                                       ctx.request.clientAddress().host().toString());
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("token", result.token);
        o->set("expires_at", formatTime(result.expiresAt));
        o->set("user", userJson(result.user));
        ctx.sendJson(200, o);
    });

    router.add("POST", "/api/v1/auth/logout", [&services](RequestContext& ctx) {
        services.auth.logout(ctx.auth());
        ctx.sendNoContent();
    });

    router.add("GET", "/api/v1/me", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        const Usage usage = services.users.usage(auth.user.id);
        Poco::JSON::Object::Ptr u = new Poco::JSON::Object;
        u->set("files", static_cast<Poco::Int64>(usage.files));
        u->set("bytes", static_cast<Poco::Int64>(usage.bytes));
        if (auth.user.quotaBytes)
            u->set("quota_bytes", static_cast<Poco::Int64>(*auth.user.quotaBytes));
        else
            u->set("quota_bytes", Poco::Dynamic::Var());
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("user", userJson(auth.user));
        o->set("usage", u);
        ctx.sendJson(200, o);
    });

    router.add("POST", "/api/v1/me/password", [&services](RequestContext& ctx) {
        const AuthContext& auth = ctx.auth();
        const auto body = ctx.jsonBody();
        const std::string oldPassword = requireString(body, "old_password", static_cast<int>(ErrorCode::WrongPassword));
        const std::string newPassword = requireString(body, "new_password", static_cast<int>(ErrorCode::WeakPassword));
        services.auth.changePassword(auth, oldPassword, newPassword);
        ctx.sendNoContent();
    });
}

} // namespace nestbox::server
