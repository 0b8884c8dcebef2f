#include "repository/FileRepository.h"

#include "db/Database.h"
#include "repository/JobRepository.h"
#include "repository/RowReader.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <ctime>

using namespace Poco::Data::Keywords;

namespace nestbox::server {

namespace {

FileRecord readFile(const Poco::Data::RecordSet& rs, std::size_t row)
{
    FileRecord f;
    f.id = text(rs, 0, row);
    f.userId = text(rs, 1, row);
    f.name = text(rs, 2, row);
    f.size = integer(rs, 3, row);
    f.sha256 = text(rs, 4, row);
    f.mime = text(rs, 5, row);
    f.kind = text(rs, 6, row);
    f.uploadedAt = integer(rs, 7, row);
    f.takenAt = integer(rs, 8, row);
    f.width = optionalInteger(rs, 9, row);
    f.height = optionalInteger(rs, 10, row);
    f.thumbnail = text(rs, 11, row);
    return f;
}

// Escapes LIKE wildcards with '!' (the same escape works on SQLite and MySQL).
std::string likePattern(const std::string& search)
{
    std::string out = "%";
    for (char c : search) {
        if (c == '%' || c == '_' || c == '!')
            out.push_back('!');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

} // namespace

const char* FileRepository::columns()
{
    return "id, user_id, name, size, sha256, mime, kind, uploaded_at, taken_at, width, height, thumbnail";
}

std::optional<FileRecord> FileRepository::find(const std::string& userId, const std::string& fileId)
{
    std::optional<FileRecord> found;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << columns() << " FROM files WHERE id = ? AND user_id = ?", bind(fileId), bind(userId);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            found = readFile(rs, 0);
    });
    return found;
}

std::vector<FileRecord> FileRepository::list(const FileQuery& q)
{
    // The SQL text is assembled from fixed fragments only; every value is bound.
    const char* column = q.sort == FileSort::Name ? "name" : q.sort == FileSort::Uploaded ? "uploaded_at" : "taken_at";
    const char* cmp = q.ascending ? ">" : "<";
    const char* cmpEq = q.ascending ? ">=" : "<=";
    const char* dir = q.ascending ? "ASC" : "DESC";
    std::vector<FileRecord> rows;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << columns() << " FROM files WHERE user_id = ?", bind(q.userId);
        if (!q.kind.empty())
            st << " AND kind = ?", bind(q.kind);
        if (!q.search.empty())
            st << " AND name LIKE ? ESCAPE '!'", bind(likePattern(q.search));
        if (q.afterKey && q.afterId) {
            if (q.sort == FileSort::Name) {
                // The leading range term lets MySQL seek the index instead of scanning from the top.
                st << " AND name " << cmpEq << " ? AND (name " << cmp << " ? OR (name = ? AND id " << cmp << " ?))",
                    bind(*q.afterKey), bind(*q.afterKey), bind(*q.afterKey), bind(*q.afterId);
            } else {
                const Poco::Int64 key = std::stoll(*q.afterKey);
                st << " AND " << column << " " << cmpEq << " ? AND (" << column << " " << cmp << " ? OR (" << column
                   << " = ? AND id " << cmp << " ?))",
                    bind(key), bind(key), bind(key), bind(*q.afterId);
            }
        }
        st << " ORDER BY " << column << " " << dir << ", id " << dir << " LIMIT " << std::to_string(q.limit + 1);
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            rows.push_back(readFile(rs, row));
    });
    return rows;
}

std::optional<FileRecord> FileRepository::findByContent(const std::string& userId, const std::string& sha256)
{
    std::optional<FileRecord> found;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT " << columns() << " FROM files WHERE user_id = ? AND sha256 = ? LIMIT 1", bind(userId),
            bind(sha256);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            found = readFile(rs, 0);
    });
    return found;
}

std::optional<std::int64_t> FileRepository::blobSize(const std::string& sha256)
{
    std::optional<std::int64_t> size;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT size FROM blobs WHERE sha256 = ? AND refcount > 0", bind(sha256);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            size = integer(rs, 0, 0);
    });
    return size;
}

std::optional<FileRecord> FileRepository::rename(const std::string& userId, const std::string& fileId,
                                                 const std::string& name)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE files SET name = ? WHERE id = ? AND user_id = ?", bind(name), bind(fileId), bind(userId), now;
    });
    return find(userId, fileId);
}

bool FileRepository::insertFile(FileRecord& f, const std::string& location, const std::string& completeUploadId,
                                bool requireExistingBlob)
{
    bool inserted = false;
    _db.write([&](Poco::Data::Session& s) {
        const auto at = static_cast<Poco::Int64>(f.uploadedAt);
        // A new image blob waits for its thumbnails; anything else has none.
        const std::string media = f.kind == "image" ? "pending" : "none";
        if (requireExistingBlob) {
            Poco::Data::Statement up(s);
            up << "UPDATE blobs SET refcount = refcount + 1 WHERE sha256 = ? AND refcount > 0", bind(f.sha256);
            if (up.execute() == 0)
                return;
        } else if (_db.isSQLite()) {
            s << "INSERT INTO blobs (sha256, size, refcount, location, created_at, media_state) VALUES (?, ?, 1, ?, ?, ?)"
                 " ON CONFLICT(sha256) DO UPDATE SET refcount = refcount + 1",
                bind(f.sha256), bind(static_cast<Poco::Int64>(f.size)), bind(location), bind(at), bind(media), now;
        } else {
            s << "INSERT INTO blobs (sha256, size, refcount, location, created_at, media_state) VALUES (?, ?, 1, ?, ?, ?)"
                 " ON DUPLICATE KEY UPDATE refcount = refcount + 1",
                bind(f.sha256), bind(static_cast<Poco::Int64>(f.size)), bind(location), bind(at), bind(media), now;
        }
        // Every file of one content shares the blob's image facts (thumbnail, size, capture time).
        Poco::Data::Statement blob(s);
        blob << "SELECT media_state, width, height, taken_at, location FROM blobs WHERE sha256 = ?", bind(f.sha256);
        blob.execute();
        Poco::Data::RecordSet rs(blob);
        const std::string state = rs.rowCount() > 0 ? text(rs, 0, 0) : "none";
        f.thumbnail = state == "ready" || state == "pending" ? state : "none";
        if (rs.rowCount() > 0) {
            f.width = optionalInteger(rs, 1, 0);
            f.height = optionalInteger(rs, 2, 0);
            if (const auto taken = optionalInteger(rs, 3, 0))
                f.takenAt = *taken;
        }
        Poco::Nullable<Poco::Int64> width;
        Poco::Nullable<Poco::Int64> height;
        if (f.width)
            width = *f.width;
        if (f.height)
            height = *f.height;
        s << "INSERT INTO files (id, user_id, name, size, sha256, mime, kind, uploaded_at, taken_at, width, height,"
             " thumbnail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            bind(f.id), bind(f.userId), bind(f.name), bind(static_cast<Poco::Int64>(f.size)), bind(f.sha256),
            bind(f.mime), bind(f.kind), bind(at), bind(static_cast<Poco::Int64>(f.takenAt)), bind(width),
            bind(height), bind(f.thumbnail), now;
        s << "UPDATE users SET file_count = file_count + 1, used_bytes = used_bytes + ? WHERE id = ?",
            bind(static_cast<Poco::Int64>(f.size)), bind(f.userId), now;
        if (!completeUploadId.empty()) {
            s << "UPDATE uploads SET state = 'complete', file_id = ?, challenge_nonce = NULL, challenge_ranges = NULL,"
                 " updated_at = ? WHERE id = ?",
                bind(f.id), bind(at), bind(completeUploadId), now;
            s << "DELETE FROM upload_chunks WHERE upload_id = ?", bind(completeUploadId), now;
        }
        // Queued in the same transaction as the file: a crash can never leave a pending
        // thumbnail that no job will make.
        if (state == "pending")
            JobRepository::enqueueIn(_db, s, "thumbnail", f.sha256, at);
        // With a remote tier, a blob that is still only local gets its transfer queued with it.
        if (_transfers && rs.rowCount() > 0 && text(rs, 4, 0) == "local")
            JobRepository::enqueueIn(_db, s, "transfer", f.sha256, at);
        inserted = true;
    });
    return inserted;
}

void FileRepository::setMedia(const std::string& sha256, const std::string& state, std::optional<std::int64_t> width,
                              std::optional<std::int64_t> height, std::optional<std::int64_t> takenAt)
{
    Poco::Nullable<Poco::Int64> w;
    Poco::Nullable<Poco::Int64> h;
    Poco::Nullable<Poco::Int64> t;
    if (width)
        w = *width;
    if (height)
        h = *height;
    if (takenAt)
        t = *takenAt;
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE blobs SET media_state = ?, width = ?, height = ?, taken_at = ? WHERE sha256 = ?", bind(state),
            bind(w), bind(h), bind(t), bind(sha256), now;
        s << "UPDATE files SET thumbnail = ?, width = ?, height = ? WHERE sha256 = ?", bind(state), bind(w), bind(h),
            bind(sha256), now;
        // The camera's capture time beats the client's modification time for the timeline.
        if (takenAt)
            s << "UPDATE files SET taken_at = ? WHERE sha256 = ?", bind(t), bind(sha256), now;
    });
}

std::string FileRepository::blobLocation(const std::string& sha256)
{
    std::string location;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT location FROM blobs WHERE sha256 = ? AND refcount > 0", bind(sha256);
        st.execute();
        Poco::Data::RecordSet rs(st);
        if (rs.rowCount() > 0)
            location = text(rs, 0, 0);
    });
    return location;
}

void FileRepository::setBlobLocation(const std::string& sha256, const std::string& location)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "UPDATE blobs SET location = ? WHERE sha256 = ?", bind(location), bind(sha256), now;
    });
}

std::vector<std::string> FileRepository::localBlobs()
{
    std::vector<std::string> out;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT sha256 FROM blobs WHERE location = 'local' AND refcount > 0";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            out.push_back(text(rs, 0, row));
    });
    return out;
}

std::map<std::string, std::int64_t> FileRepository::countMediaStates()
{
    std::map<std::string, std::int64_t> counts{{"pending", 0}, {"ready", 0}, {"none", 0}};
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT media_state, COUNT(*) FROM blobs GROUP BY media_state";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            counts[text(rs, 0, row)] = integer(rs, 1, row);
    });
    return counts;
}

std::vector<std::string> FileRepository::imageBlobsWithoutThumbnails()
{
    std::vector<std::string> out;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT DISTINCT b.sha256 FROM blobs b JOIN files f ON f.sha256 = b.sha256"
              " WHERE f.kind = 'image' AND b.media_state <> 'ready' AND b.refcount > 0";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            out.push_back(text(rs, 0, row));
    });
    return out;
}

std::optional<std::string> FileRepository::deleteFile(const FileRecord& f)
{
    std::optional<std::string> last;
    _db.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement del(s);
        del << "DELETE FROM files WHERE id = ? AND user_id = ?", bind(f.id), bind(f.userId);
        if (del.execute() == 0)
            return;
        s << "UPDATE users SET file_count = file_count - 1, used_bytes = used_bytes - ? WHERE id = ?",
            bind(static_cast<Poco::Int64>(f.size)), bind(f.userId), now;
        s << "UPDATE blobs SET refcount = refcount - 1 WHERE sha256 = ?", bind(f.sha256), now;
        Poco::Int64 refs = 0;
        s << "SELECT refcount FROM blobs WHERE sha256 = ?", bind(f.sha256), into(refs), now;
        if (refs > 0)
            return;
        s << "DELETE FROM blobs WHERE sha256 = ?", bind(f.sha256), now;
        last = f.sha256;
    });
    return last;
}

std::vector<std::string> FileRepository::unreferencedBlobs()
{
    std::vector<std::string> out;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT sha256 FROM blobs WHERE refcount <= 0";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            out.push_back(text(rs, 0, row));
    });
    return out;
}

bool FileRepository::blobRowExists(const std::string& sha256)
{
    Poco::Int64 count = 0;
    _db.read([&](Poco::Data::Session& s) {
        s << "SELECT COUNT(*) FROM blobs WHERE sha256 = ?", bind(sha256), into(count), now;
    });
    return count > 0;
}

std::vector<std::pair<std::string, std::int64_t>> FileRepository::allBlobs()
{
    std::vector<std::pair<std::string, std::int64_t>> out;
    _db.read([&](Poco::Data::Session& s) {
        Poco::Data::Statement st(s);
        st << "SELECT sha256, size FROM blobs ORDER BY sha256";
        st.execute();
        Poco::Data::RecordSet rs(st);
        for (std::size_t row = 0; row < rs.rowCount(); ++row)
            out.emplace_back(text(rs, 0, row), integer(rs, 1, row));
    });
    return out;
}

void FileRepository::deleteBlobRow(const std::string& sha256)
{
    _db.write([&](Poco::Data::Session& s) {
        s << "DELETE FROM blobs WHERE sha256 = ? AND refcount <= 0", bind(sha256), now;
    });
}

} // namespace nestbox::server
