#include "repository/UploadRepository.h"

#include "db/Database.h"
#include "repository/RowReader.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace nestbox::server {

namespace {

const char* kColumns = "id, user_id, name, size, sha256, chunk_size, chunk_count, modified_at, state,"
                       " created_at, updated_at, expires_at, file_id, challenge_nonce, challenge_ranges, multipart_id";

UploadRecord readUpload(const Poco::Data::RecordSet& rs, std::size_t row)
{
    UploadRecord u;
    u.id = text(rs, 0, row);
    u.userId = text(rs, 1, row);
    u.name = text(rs, 2, row);
    u.size = integer(rs, 3, row);
    u.sha256 = text(rs, 4, row);
    u.chunkSize = integer(rs, 5, row);
    u.chunkCount = integer(rs, 6, row);
    u.modifiedAt = optionalInteger(rs, 7, row);
    u.state = text(rs, 8, row);
    u.createdAt = integer(rs, 9, row);
    u.updatedAt = integer(rs, 10, row);
    u.expiresAt = integer(rs, 11, row);
    if (!rs.isNull(12, row))
        u.fileId = text(rs, 12, row);
    u.challengeNonce = text(rs, 13, row);
    u.challengeRanges = text(rs, 14, row);
    u.multipartId = text(rs, 15, row);
    return u;
}

// The first column of every row the statement yields, as text.
std::vector<std::string> firstColumn(Poco::Data::Statement& st)
{
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::vector<std::string> values;
    for (std::size_t row = 0; row < rs.rowCount(); ++row)
        values.push_back(text(rs, 0, row));
    return values;
}

// The first column of a query that takes no parameters, as text.
std::vector<std::string> selectTexts(Database& db, const char* sql)
{
    std::vector<std::string> values;
    db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << sql;
        values = firstColumn(st);
    });
    return values;
}

} // namespace

void UploadRepository::insert(const UploadRecord& u)
{
    Poco::Nullable<Poco::Int64> modified;
    if (u.modifiedAt)
        modified = *u.modifiedAt;
    Poco::Nullable<std::string> nonce;
    Poco::Nullable<std::string> ranges;
    if (!u.challengeNonce.empty()) {
        nonce = u.challengeNonce;
        ranges = u.challengeRanges;
    }
    _db.write([&](Poco::Data::Session& s) {
        s << "INSERT INTO uploads (id, user_id, name, size, sha256, chunk_size, chunk_count, modified_at, state,"
             " created_at, updated_at, expires_at, file_id, challenge_nonce, challenge_ranges)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            bind(u.id), bind(u.userId), bind(u.name), bind(static_cast<Poco::Int64>(u.size)), bind(u.sha256),
            bind(static_cast<Poco::Int64>(u.chunkSize)), bind(static_cast<Poco::Int64>(u.chunkCount)),
            bind(modified), bind(u.state), bind(static_cast<Poco::Int64>(u.createdAt)),
            bind(static_cast<Poco::Int64>(u.updatedAt)), bind(static_cast<Poco::Int64>(u.expiresAt)), bind(nonce),
            bind(ranges), now;
    });
}

void UploadRepository::loadChunks(Poco::Data::Session& s, UploadRecord& upload)
{
    Poco::Data::Statement st(s);
    st << "SELECT idx, size FROM upload_chunks WHERE upload_id = ? ORDER BY idx", bind(upload.id);
    st.execute();
    Poco::Data::RecordSet rs(st);
    upload.received.clear();
    upload.bytesReceived = 0;
    for (std::size_t row = 0; row < rs.rowCount(); ++row) {
        upload.received.push_back(integer(rs, 0, row));
        upload.bytesReceived += integer(rs, 1, row);
    }
}

std::optional<UploadRecord> UploadRepository::find(const std::string& userId, const std::string& uploadId)
{
    std::optional<UploadRecord> found;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM uploads WHERE id = ? AND user_id = ?", bind(uploadId), bind(userId);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() == 0)
            return;
        UploadRecord u = readUpload(rs, 0);
        loadChunks(s, u);
        found = std::move(u);
    });
    return found;
}

std::vector<UploadRecord> UploadRepository::listUnfinished(const std::string& userId)
{
    std::vector<UploadRecord> out;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM uploads WHERE user_id = ? AND state <> 'complete'"
              " ORDER BY created_at DESC, id DESC LIMIT 1000",
            bind(userId);
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            out.push_back(readUpload(rs, row));
        for (UploadRecord& u : out)
            loadChunks(s, u);
    });
    return out;
}

std::optional<std::string> UploadRepository::chunkHash(const std::string& uploadId, std::int64_t index)
{
    std::optional<std::string> hash;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT sha256 FROM upload_chunks WHERE upload_id = ? AND idx = ?", bind(uploadId),
            bind(static_cast<Poco::Int64>(index));
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            hash = text(rs, 0, 0);
    });
    return hash;
}

void UploadRepository::recordChunk(const std::string& uploadId, std::int64_t index, std::int64_t size,
                                   const std::string& sha256, std::int64_t at, std::int64_t expiresAt)
{
    _db.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << _db.insertIgnore() << " INTO upload_chunks (upload_id, idx, size, sha256) VALUES (?, ?, ?, ?)",
            bind(uploadId), bind(static_cast<Poco::Int64>(index)), bind(static_cast<Poco::Int64>(size)), bind(sha256);
        st.execute();
        s << "UPDATE uploads SET updated_at = ?, expires_at = ? WHERE id = ?", bind(static_cast<Poco::Int64>(at)),
            bind(static_cast<Poco::Int64>(expiresAt)), bind(uploadId), now;
    });
}

std::vector<std::pair<std::int64_t, std::string>> UploadRepository::chunkHashes(const std::string& uploadId)
{
    std::vector<std::pair<std::int64_t, std::string>> out;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT idx, sha256 FROM upload_chunks WHERE upload_id = ? ORDER BY idx", bind(uploadId);
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            out.emplace_back(integer(rs, 0, row), text(rs, 1, row));
    });
    return out;
}

void UploadRepository::forgetChunks(const std::string& uploadId, const std::vector<std::int64_t>& indices)
{
    _db.write([&](Poco::Data::Session& s) {
        for (std::int64_t index : indices)
            s << "DELETE FROM upload_chunks WHERE upload_id = ? AND idx = ?", bind(uploadId),
                bind(static_cast<Poco::Int64>(index)), now;
    });
}

void UploadRepository::dropChallenge(const std::string& uploadId, std::int64_t at)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE uploads SET state = 'receiving', challenge_nonce = NULL, challenge_ranges = NULL, updated_at = ?"
             " WHERE id = ? AND state = 'proof_required'",
            bind(static_cast<Poco::Int64>(at)), bind(uploadId), now;
    });
}

void UploadRepository::remove(const std::string& uploadId)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "DELETE FROM upload_chunks WHERE upload_id = ?", bind(uploadId), now;
        s << "DELETE FROM uploads WHERE id = ?", bind(uploadId), now;
    });
}

std::vector<std::string> UploadRepository::expired(std::int64_t at, int limit)
{
    std::vector<std::string> ids;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT id FROM uploads WHERE expires_at <= ? ORDER BY expires_at LIMIT " << std::to_string(limit),
            bind(static_cast<Poco::Int64>(at));
        ids = firstColumn(st);
    });
    return ids;
}

std::vector<std::string> UploadRepository::allUnfinishedIds()
{
    return selectTexts(_db, "SELECT id FROM uploads WHERE state <> 'complete'");
}

} // namespace nestbox::server

namespace nestbox::server {

std::int64_t UploadRepository::countByState()
{
    Poco::Int64 count = 0;
    _db.read([&](Poco::Data::Session& s) {
        s << "SELECT COUNT(*) FROM uploads WHERE state <> 'complete'", into(count), now;
    });
    return count;
}

} // namespace nestbox::server

namespace nestbox::server {

std::optional<UploadRecord> UploadRepository::findById(const std::string& uploadId)
{
    std::optional<UploadRecord> found;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << kColumns << " FROM uploads WHERE id = ?", bind(uploadId);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            found = readUpload(rs, 0);
    });
    return found;
}

bool UploadRepository::setMultipart(const std::string& uploadId, const std::string& multipartId)
{
    std::size_t changed = 0;
    _db.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "UPDATE uploads SET multipart_id = ? WHERE id = ? AND multipart_id IS NULL", bind(multipartId),
            bind(uploadId);
        changed = st.execute();
    });
    return changed > 0;
}

void UploadRepository::resetMultipart(const std::string& uploadId, std::int64_t at)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "DELETE FROM upload_chunks WHERE upload_id = ?", bind(uploadId), now;
        s << "UPDATE uploads SET multipart_id = NULL, updated_at = ? WHERE id = ?", bind(static_cast<Poco::Int64>(at)),
            bind(uploadId), now;
    });
}

std::vector<std::pair<std::int64_t, std::string>> UploadRepository::chunkEtags(const std::string& uploadId)
{
    std::vector<std::pair<std::int64_t, std::string>> out;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT idx, etag FROM upload_chunks WHERE upload_id = ? ORDER BY idx", bind(uploadId);
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            out.emplace_back(integer(rs, 0, row), rs.isNull(1, row) ? std::string() : text(rs, 1, row));
    });
    return out;
}

} // namespace nestbox::server

namespace nestbox::server {

std::vector<std::string> UploadRepository::allMultipartIds()
{
    return selectTexts(_db, "SELECT multipart_id FROM uploads WHERE multipart_id IS NOT NULL");
}

} // namespace nestbox::server

namespace nestbox::server {

bool UploadRepository::recordPart(const std::string& uploadId, const std::string& multipartId, std::int64_t index,
                                  std::int64_t size, const std::string& sha256, const std::string& etag,
                                  std::int64_t at, std::int64_t expiresAt)
{
    bool current = false;
    _db.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << _db.insertIgnore() << " INTO upload_chunks (upload_id, idx, size, sha256, etag)"
                                    " SELECT id, ?, ?, ?, ? FROM uploads WHERE id = ? AND multipart_id = ?",
            bind(static_cast<Poco::Int64>(index)), bind(static_cast<Poco::Int64>(size)), bind(sha256), bind(etag),
            bind(uploadId), bind(multipartId);
        st.execute();
        Poco::Data::Statement check(s);
        check << "SELECT COUNT(*) FROM uploads WHERE id = ? AND multipart_id = ?", bind(uploadId), bind(multipartId);
        check.execute();
        Poco::Data::RecordSet rs(check);
        current = rs.rowCount() > 0 && integer(rs, 0, 0) > 0;
        if (current)
            s << "UPDATE uploads SET updated_at = ?, expires_at = ? WHERE id = ?", bind(static_cast<Poco::Int64>(at)),
                bind(static_cast<Poco::Int64>(expiresAt)), bind(uploadId), now;
    });
    return current;
}

} // namespace nestbox::server
