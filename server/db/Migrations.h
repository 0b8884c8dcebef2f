#pragma once

namespace nestbox::server {

class Database;

// Versioned schema for both dialects. apply() brings the database to the newest version in
// order, each step in its own transaction, and records it in schema_version; running it again
// does nothing. Returns the version the database is at afterwards.
class Migrations {
public:
    static int apply(Database& db);
    static int latestVersion();
};

} // namespace nestbox::server
