#pragma once

#include "repository/Records.h"
#include "service/AuthService.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nestbox::server {

class UserRepository;

// What the first account (and any other administrator) may do through the API: list the accounts
// with their storage, create one, disable or re-enable one, set a new password, hand out
// invitation codes. Every call first checks the caller is an administrator
// (ServiceError(Forbidden) otherwise). Thread-safe.
class AdminService {
public:
    AdminService(UserRepository& users, AuthService& auth);

    std::vector<UserWithUsage> listUsers(const AuthContext& caller);
    UserRecord createUser(const AuthContext& caller, const std::string& username, const std::string& password);
    // Disabling ends every session of the account; an administrator cannot disable themselves
    // (ServiceError(CannotDisableSelf)). ServiceError(NotFound) for an unknown id.
    UserWithUsage setDisabled(const AuthContext& caller, const std::string& userId, bool disabled);
    // Every session of the account ends.
    void resetPassword(const AuthContext& caller, const std::string& userId, const std::string& newPassword);

    struct Invite {
        std::string code; // shown once; only its SHA-256 is stored
        std::int64_t expiresAt = 0;
    };
    static constexpr std::int64_t kDefaultInviteHours = 72;
    static constexpr std::int64_t kMaxInviteHours = 720;
    // `ttlHours` 1 … 720 (ServiceError(InvalidParameter) otherwise).
    Invite createInvite(const AuthContext& caller, std::int64_t ttlHours);

private:
    static void requireAdmin(const AuthContext& caller);
    UserWithUsage withUsage(const UserRecord& user);

    UserRepository& _users;
    AuthService& _auth;
};

} // namespace nestbox::server
