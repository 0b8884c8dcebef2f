#include "db/Migrations.h"

#include "db/Database.h"

#include <Poco/Logger.h>

#include <string>
#include <vector>

using namespace Poco::Data::Keywords;

namespace nestbox::server {

namespace {

struct Migration {
    int version;
    std::vector<std::string> sqlite;
    std::vector<std::string> mysql;
};

const std::vector<Migration>& migrations()
{
    static const std::vector<Migration> kAll{
        {1,
         {
             "CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL, username_key TEXT NOT NULL UNIQUE,"
             " password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
             " is_admin INTEGER NOT NULL DEFAULT 0, quota_bytes INTEGER NULL)",
             "CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, device TEXT NOT NULL,"
             " created_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)",
             "CREATE INDEX tokens_user ON tokens(user_id)",
             "CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, refcount INTEGER NOT NULL,"
             " location TEXT NOT NULL, created_at INTEGER NOT NULL)",
             "CREATE TABLE files (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL,"
             " size INTEGER NOT NULL, sha256 TEXT NOT NULL, mime TEXT NOT NULL, kind TEXT NOT NULL,"
             " uploaded_at INTEGER NOT NULL, taken_at INTEGER NOT NULL, width INTEGER NULL, height INTEGER NULL,"
             " thumbnail TEXT NOT NULL)",
             "CREATE INDEX files_user_taken ON files(user_id, taken_at, id)",
             "CREATE INDEX files_user_uploaded ON files(user_id, uploaded_at, id)",
             "CREATE INDEX files_user_name ON files(user_id, name, id)",
             "CREATE INDEX files_user_sha ON files(user_id, sha256)",
             "CREATE INDEX files_sha ON files(sha256)",
             "CREATE TABLE uploads (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, name TEXT NOT NULL,"
             " size INTEGER NOT NULL, sha256 TEXT NOT NULL, chunk_size INTEGER NOT NULL,"
             " chunk_count INTEGER NOT NULL, modified_at INTEGER NULL, state TEXT NOT NULL,"
             " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
             " file_id TEXT NULL, challenge_nonce TEXT NULL, challenge_ranges TEXT NULL)",
             "CREATE INDEX uploads_user ON uploads(user_id, state)",
             "CREATE INDEX uploads_expiry ON uploads(expires_at)",
             "CREATE TABLE upload_chunks (upload_id TEXT NOT NULL, idx INTEGER NOT NULL, size INTEGER NOT NULL,"
             " sha256 TEXT NOT NULL, PRIMARY KEY (upload_id, idx))",
         },
         {
             "CREATE TABLE users (id VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,"
             " username VARCHAR(32) NOT NULL, username_key VARCHAR(32) CHARACTER SET ascii NOT NULL UNIQUE,"
             " password_hash VARCHAR(255) CHARACTER SET ascii NOT NULL, created_at BIGINT NOT NULL,"
             " disabled INT NOT NULL DEFAULT 0, is_admin INT NOT NULL DEFAULT 0, quota_bytes BIGINT NULL)"
             " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
             "CREATE TABLE tokens (token_hash CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,"
             " user_id VARCHAR(32) CHARACTER SET ascii NOT NULL, device VARCHAR(255) NOT NULL,"
             " created_at BIGINT NOT NULL, last_used_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
             " INDEX tokens_user (user_id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
             "CREATE TABLE blobs (sha256 CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY, size BIGINT NOT NULL,"
             " refcount BIGINT NOT NULL, location VARCHAR(16) CHARACTER SET ascii NOT NULL,"
             " created_at BIGINT NOT NULL) ENGINE=InnoDB",
             "CREATE TABLE files (id VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,"
             " user_id VARCHAR(32) CHARACTER SET ascii NOT NULL,"
             " name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,"
             " size BIGINT NOT NULL, sha256 CHAR(64) CHARACTER SET ascii NOT NULL,"
             " mime VARCHAR(127) CHARACTER SET ascii NOT NULL, kind VARCHAR(8) CHARACTER SET ascii NOT NULL,"
             " uploaded_at BIGINT NOT NULL, taken_at BIGINT NOT NULL, width INT NULL, height INT NULL,"
             " thumbnail VARCHAR(16) CHARACTER SET ascii NOT NULL,"
             " INDEX files_user_taken (user_id, taken_at, id), INDEX files_user_uploaded (user_id, uploaded_at, id),"
             " INDEX files_user_name (user_id, name, id), INDEX files_user_sha (user_id, sha256),"
             " INDEX files_sha (sha256)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
             "CREATE TABLE uploads (id VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,"
             " user_id VARCHAR(32) CHARACTER SET ascii NOT NULL, name VARCHAR(255) NOT NULL,"
             " size BIGINT NOT NULL, sha256 CHAR(64) CHARACTER SET ascii NOT NULL, chunk_size BIGINT NOT NULL,"
             " chunk_count BIGINT NOT NULL, modified_at BIGINT NULL, state VARCHAR(16) CHARACTER SET ascii NOT NULL,"
             " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
             " file_id VARCHAR(32) CHARACTER SET ascii NULL, challenge_nonce VARCHAR(64) CHARACTER SET ascii NULL,"
             " challenge_ranges TEXT CHARACTER SET ascii NULL,"
             " INDEX uploads_user (user_id, state), INDEX uploads_expiry (expires_at))"
             " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
             "CREATE TABLE upload_chunks (upload_id VARCHAR(32) CHARACTER SET ascii NOT NULL, idx BIGINT NOT NULL,"
             " size BIGINT NOT NULL, sha256 CHAR(64) CHARACTER SET ascii NOT NULL, PRIMARY KEY (upload_id, idx))"
             " ENGINE=InnoDB",
         }},
        // 2: image metadata per blob (shared by every file with that content) and the durable job
        // table background work (thumbnails, later transfers) is claimed from.
        {2,
         {
             "ALTER TABLE blobs ADD COLUMN media_state TEXT NOT NULL DEFAULT 'none'",
             "ALTER TABLE blobs ADD COLUMN width INTEGER NULL",
             "ALTER TABLE blobs ADD COLUMN height INTEGER NULL",
             "ALTER TABLE blobs ADD COLUMN taken_at INTEGER NULL",
             "CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, state TEXT NOT NULL,"
             " attempts INTEGER NOT NULL DEFAULT 0, run_after INTEGER NOT NULL, locked_until INTEGER NULL,"
             " last_error TEXT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)",
             "CREATE UNIQUE INDEX jobs_subject ON jobs(kind, subject)",
             "CREATE INDEX jobs_ready ON jobs(state, run_after)",
         },
         {
             "ALTER TABLE blobs ADD COLUMN media_state VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT 'none',"
             " ADD COLUMN width BIGINT NULL, ADD COLUMN height BIGINT NULL, ADD COLUMN taken_at BIGINT NULL",
             "CREATE TABLE jobs (id VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,"
             " kind VARCHAR(32) CHARACTER SET ascii NOT NULL, subject VARCHAR(128) CHARACTER SET ascii NOT NULL,"
             " state VARCHAR(16) CHARACTER SET ascii NOT NULL, attempts INT NOT NULL DEFAULT 0,"
             " run_after BIGINT NOT NULL, locked_until BIGINT NULL, last_error VARCHAR(1024) NULL,"
             " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
             " UNIQUE INDEX jobs_subject (kind, subject), INDEX jobs_ready (state, run_after))"
             " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
         }},
        // 3: the job table is also the outbox of a message broker (queue.url = redis:// or amqp://):
        // published_at says when a job's id was last handed to the broker, so the relay publishes
        // rows never published and re-publishes those whose publication went stale.
        {3,
         {
             "ALTER TABLE jobs ADD COLUMN published_at INTEGER NULL",
             "CREATE INDEX jobs_published ON jobs(state, published_at)",
         },
         {
             "ALTER TABLE jobs ADD COLUMN published_at BIGINT NULL, ADD INDEX jobs_published (state, published_at)",
         }},
        // 4: each user's file count and bytes kept beside the account, updated in the same
        // transaction as the files, so /me and the quota check do not sum a whole library.
        {4,
         {
             "ALTER TABLE users ADD COLUMN file_count INTEGER NOT NULL DEFAULT 0",
             "ALTER TABLE users ADD COLUMN used_bytes INTEGER NOT NULL DEFAULT 0",
             "UPDATE users SET file_count = (SELECT COUNT(*) FROM files WHERE files.user_id = users.id),"
             " used_bytes = (SELECT COALESCE(SUM(size), 0) FROM files WHERE files.user_id = users.id)",
         },
         {
             "ALTER TABLE users ADD COLUMN file_count BIGINT NOT NULL DEFAULT 0, ADD COLUMN used_bytes BIGINT NOT NULL DEFAULT 0",
             "UPDATE users SET file_count = (SELECT COUNT(*) FROM files WHERE files.user_id = users.id),"
             " used_bytes = (SELECT COALESCE(SUM(size), 0) FROM files WHERE files.user_id = users.id)",
         }},
        // 5: invitations an administrator hands out; only the SHA-256 of a code is stored, and a
        // code is used up by the one sign-up it let through.
        {5,
         {
             "CREATE TABLE invites (code_hash TEXT PRIMARY KEY, created_by TEXT NOT NULL,"
             " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER NULL, used_by TEXT NULL)",
         },
         {
             "CREATE TABLE invites (code_hash CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,"
             " created_by VARCHAR(32) CHARACTER SET ascii NOT NULL, created_at BIGINT NOT NULL,"
             " expires_at BIGINT NOT NULL, used_at BIGINT NULL, used_by VARCHAR(32) CHARACTER SET ascii NULL)"
             " ENGINE=InnoDB",
         }},
    };
    return kAll;
}

} // namespace

int Migrations::latestVersion()
{
    return migrations().back().version;
}

int Migrations::apply(Database& db)
{
    db.write([&](Poco::Data::Session& s) {
        s << (db.isSQLite() ? "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at INTEGER NOT NULL)"
                            : "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB"),
            now;
    });
    int current = 0;
    db.read([&](Poco::Data::Session& s) {
        Poco::Nullable<Poco::Int64> version;
        s << "SELECT MAX(version) FROM schema_version", into(version), now;
        current = version.isNull() ? 0 : static_cast<int>(version.value());
    });
    for (const Migration& m : migrations()) {
        if (m.version <= current)
            continue;
        // MySQL commits DDL implicitly; each statement is idempotent only as a whole step, so a
        // step that died half-way is reported rather than silently repeated.
        db.write([&](Poco::Data::Session& s) {
            for (const std::string& sql : db.isSQLite() ? m.sqlite : m.mysql)
                s << sql, now;
            int version = m.version;
            Poco::Int64 at = static_cast<Poco::Int64>(std::time(nullptr));
            s << "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", use(version), use(at), now;
        });
        Poco::Logger::get("nestbox.db").information("schema migrated to version %d", m.version);
        current = m.version;
    }
    return current;
}

} // namespace nestbox::server
