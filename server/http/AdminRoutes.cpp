#include "Services.h"
#include "http/JsonViews.h"
#include "http/RequestContext.h"
#include "http/Router.h"
#include "service/ServiceError.h"

#include <Poco/JSON/Array.h>

namespace nestbox::server {

// The administrator's API (API.md, Administration): accounts with their storage, creating,
// disabling and re-enabling an account, a new password, invitation codes. Every route needs an
// administrator's token (403 forbidden for anyone else).
void registerAdminRoutes(Router& router, Services& services)
{
    router.add("GET", "/api/v1/admin/users", [&services](RequestContext& ctx) {
        const auto users = services.admin.listUsers(ctx.auth());
        Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
        for (const UserWithUsage& entry : users)
            items->add(adminUserJson(entry));
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("items", items);
        ctx.sendJson(200, o);
    });

    router.add("POST", "/api/v1/admin/users", [&services](RequestContext& ctx) {
        const AuthContext& caller = ctx.auth();
        if (!caller.user.admin) // before the body is looked at
            throw ServiceError(ErrorCode::Forbidden, "only an administrator may do this");
        const auto body = ctx.jsonBody();
        const std::string username = requireString(body, "username", static_cast<int>(ErrorCode::InvalidUsername));
        const std::string password = requireString(body, "password", static_cast<int>(ErrorCode::WeakPassword));
        const UserRecord user = services.admin.createUser(caller, username, password);
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("user", userJson(user));
        ctx.sendJson(201, o);
    });

    router.add("PATCH", "/api/v1/admin/users/{id}", [&services](RequestContext& ctx) {
        const AuthContext& caller = ctx.auth();
        if (!caller.user.admin)
            throw ServiceError(ErrorCode::Forbidden, "only an administrator may do this");
        const auto body = ctx.jsonBody();
        if (!body->has("disabled") || body->isNull("disabled"))
            throw ServiceError(ErrorCode::BadRequest, "disabled is required");
        const Poco::Dynamic::Var value = body->get("disabled");
        if (value.type() != typeid(bool))
            throw ServiceError(ErrorCode::InvalidJson, "disabled must be true or false");
        const UserWithUsage user = services.admin.setDisabled(caller, ctx.param("id"), value.extract<bool>());
        ctx.sendJson(200, adminUserJson(user));
    });

    router.add("POST", "/api/v1/admin/users/{id}/password", [&services](RequestContext& ctx) {
        const AuthContext& caller = ctx.auth();
        if (!caller.user.admin)
            throw ServiceError(ErrorCode::Forbidden, "only an administrator may do this");
        const auto body = ctx.jsonBody();
        const std::string password = requireString(body, "new_password", static_cast<int>(ErrorCode::WeakPassword));
        services.admin.resetPassword(caller, ctx.param("id"), password);
        ctx.sendNoContent();
    });

    router.add("POST", "/api/v1/admin/invites", [&services](RequestContext& ctx) {
        const AuthContext& caller = ctx.auth();
        if (!caller.user.admin)
            throw ServiceError(ErrorCode::Forbidden, "only an administrator may do this");
        std::int64_t hours = AdminService::kDefaultInviteHours;
        // An empty body is the same as {}.
        if ((ctx.request.hasContentLength() && ctx.request.getContentLength64() > 0)
            || ctx.request.getChunkedTransferEncoding()) {
            const auto body = ctx.jsonBody();
            if (const auto ttl = integerMember(body, "ttl_hours", static_cast<int>(ErrorCode::InvalidParameter), false))
                hours = *ttl;
        } else {
            ctx.markBodyConsumed();
        }
        const AdminService::Invite invite = services.admin.createInvite(caller, hours);
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
        o->set("code", invite.code);
        o->set("expires_at", formatTime(invite.expiresAt));
        ctx.sendJson(201, o);
    });
}

} // namespace nestbox::server
