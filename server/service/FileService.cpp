#include "service/FileService.h"

#include "cache/LockManager.h"
#include "config/ServerConfig.h"
#include "nestbox/NameValidation.h"
#include "nestbox/Sha256.h"
#include "repository/FileRepository.h"
#include "repository/UserRepository.h"
#include "service/Clock.h"
#include "service/MimeSniffer.h"
#include "service/Random.h"
#include "service/ServiceError.h"
#include "storage/BlobStore.h"

#include <charconv>

namespace nestbox::server {

namespace {

using namespace std::chrono_literals;

std::string blobLockKey(const std::string& sha256)
{
    return "blob:" + sha256;
}

std::string toHex(const std::string& bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 0x0f]);
    }
    return out;
}

std::optional<std::string> fromHex(const std::string& hex)
{
    if (hex.size() % 2 != 0)
        return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
        if (ec != std::errc() || ptr != hex.data() + i + 2)
            return std::nullopt;
        out.push_back(static_cast<char>(value));
    }
    return out;
}

// Cursor: hex of "<sort>|<order>|<key>|<id>", tied to the query it came from.
std::string makeCursor(const std::string& sort, const std::string& order, const FileRecord& last)
{
    const std::string key = sort == "name" ? last.name
        : sort == "uploaded"               ? std::to_string(last.uploadedAt)
                                           : std::to_string(last.takenAt);
    return toHex(sort + "|" + order + "|" + last.id + "|" + key);
}

} // namespace

FileService::FileService(FileRepository& files, UserRepository& users, BlobStore& store, LockManager& locks,
                         const ServerConfig& config)
    : _files(files)
    , _users(users)
    , _store(store)
    , _locks(locks)
    , _config(config)
{
}

FileService::Page FileService::list(const std::string& userId, const std::string& sort, const std::string& order,
                                    const std::string& q, const std::string& kind, int limit,
                                    const std::string& cursor)
{
    FileQuery query;
    query.userId = userId;
    const std::string s = sort.empty() ? "taken" : sort;
    const std::string o = order.empty() ? (s == "name" ? "asc" : "desc") : order;
    if (s == "taken")
        query.sort = FileSort::Taken;
    else if (s == "uploaded")
        query.sort = FileSort::Uploaded;
    else if (s == "name")
        query.sort = FileSort::Name;
    else
        throw ServiceError(ErrorCode::InvalidParameter, "sort must be taken, uploaded or name");
    if (o != "asc" && o != "desc")
        throw ServiceError(ErrorCode::InvalidParameter, "order must be asc or desc");
    query.ascending = o == "asc";
    if (!kind.empty() && kind != "image" && kind != "video" && kind != "other")
        throw ServiceError(ErrorCode::InvalidParameter, "kind must be image, video or other");
    query.kind = kind;
    if (q.size() > 255 || !isValidUtf8(q))
        throw ServiceError(ErrorCode::InvalidParameter, "q must be UTF-8 of at most 255 bytes");
    query.search = q;
    if (limit < 1 || limit > 1000)
        throw ServiceError(ErrorCode::InvalidParameter, "limit must be between 1 and 1000");
    query.limit = limit;
    if (!cursor.empty()) {
        const auto raw = fromHex(cursor);
        // sort|order|id|key — the key last, since a name may contain '|'.
        std::size_t p1 = std::string::npos, p2 = std::string::npos, p3 = std::string::npos;
        if (raw) {
            p1 = raw->find('|');
            p2 = p1 == std::string::npos ? p1 : raw->find('|', p1 + 1);
            p3 = p2 == std::string::npos ? p2 : raw->find('|', p2 + 1);
        }
        if (!raw || p3 == std::string::npos || raw->substr(0, p1) != s || raw->substr(p1 + 1, p2 - p1 - 1) != o)
            throw ServiceError(ErrorCode::InvalidCursor, "the cursor does not belong to this listing");
        query.afterId = raw->substr(p2 + 1, p3 - p2 - 1);
        query.afterKey = raw->substr(p3 + 1);
        if (query.sort != FileSort::Name) {
            std::int64_t value = 0;
            const auto& k = *query.afterKey;
            const auto [ptr, ec] = std::from_chars(k.data(), k.data() + k.size(), value);
            if (ec != std::errc() || ptr != k.data() + k.size())
                throw ServiceError(ErrorCode::InvalidCursor, "the cursor does not belong to this listing");
        }
    }
    Page page;
    page.items = _files.list(query);
    if (static_cast<int>(page.items.size()) > limit) {
        page.items.resize(static_cast<std::size_t>(limit));
        page.nextCursor = makeCursor(s, o, page.items.back());
    }
    return page;
}

FileRecord FileService::get(const std::string& userId, const std::string& fileId)
{
    auto file = _files.find(userId, fileId);
    if (!file)
        throw ServiceError(ErrorCode::NotFound, "no such file");
    return *file;
}

FileRecord FileService::rename(const std::string& userId, const std::string& fileId, const std::string& name)
{
    get(userId, fileId);
    if (!isValidFileName(name))
        throw ServiceError(ErrorCode::InvalidName, "a name has 1 to 255 bytes of UTF-8 without / \\ or control characters");
    auto file = _files.rename(userId, fileId, name);
    if (!file)
        throw ServiceError(ErrorCode::NotFound, "no such file");
    return *file;
}

void FileService::remove(const std::string& userId, const std::string& fileId)
{
    const FileRecord file = get(userId, fileId);
    // The blob lock keeps an upload of the same content from committing while its last
    // reference goes away.
    ScopedLock lock(_locks, blobLockKey(file.sha256), 120s, 30s);
    if (const auto last = _files.deleteFile(file)) {
        _store.remove(*last);
        _store.removeThumbnails(*last);
    }
}

FileService::Content FileService::open(const std::string& userId, const std::string& fileId)
{
    FileRecord file = get(userId, fileId);
    auto reader = _store.open(file.sha256);
    return Content{std::move(file), std::move(reader)};
}

void FileService::checkQuota(const UserRecord& user, std::int64_t extra)
{
    if (!user.quotaBytes)
        return;
    const Usage usage = _users.usage(user.id);
    if (usage.bytes + extra > *user.quotaBytes)
        throw ServiceError(ErrorCode::QuotaExceeded, "this would go over your storage quota");
}

FileRecord FileService::makeRecord(const FileDraft& d) const
{
    FileRecord f;
    f.id = randomHex(12);
    f.userId = d.userId;
    f.name = d.name;
    f.size = d.size;
    f.sha256 = d.sha256;
    f.mime = d.mime;
    f.kind = d.kind;
    f.uploadedAt = nowMs();
    f.takenAt = d.modifiedAt.value_or(f.uploadedAt);
    f.thumbnail = "none";
    return f;
}

std::optional<FileRecord> FileService::attachExisting(const FileDraft& draft, const std::string& completeUploadId)
{
    FileRecord file = makeRecord(draft);
    ScopedLock lock(_locks, blobLockKey(draft.sha256), 120s, 30s);
    if (!_store.exists(draft.sha256) || !_files.insertFile(file, "local", completeUploadId, true))
        return std::nullopt;
    if (file.thumbnail == "pending" && _jobQueued)
        _jobQueued();
    return file;
}

FileRecord FileService::commitStaged(const FileDraft& draft, const std::string& stagingId,
                                     const std::string& completeUploadId)
{
    FileRecord file = makeRecord(draft);
    ScopedLock lock(_locks, blobLockKey(draft.sha256), 120s, 60s);
    if (_files.blobRowExists(draft.sha256) && _store.exists(draft.sha256))
        _store.dropStaged(stagingId);
    else
        _store.commitStaged(stagingId, draft.sha256);
    _files.insertFile(file, newBlobLocation(), completeUploadId, false);
    if (file.thumbnail == "pending" && _jobQueued)
        _jobQueued();
    return file;
}

std::string FileService::newBlobLocation() const
{
    return _store.uploadsDirect() ? "s3" : "local";
}

FileRecord FileService::commitPlaced(FileDraft draft, const std::string& completeUploadId, const Placer& place)
{
    ScopedLock lock(_locks, blobLockKey(draft.sha256), 120s, 120s);
    // A blob with references (a row left at refcount 0 by an interrupted delete counts as none).
    const bool exists = !_files.blobLocation(draft.sha256).empty() && _store.exists(draft.sha256);
    const MimeType type = sniffMime(place(exists, [&lock] { lock.keepAlive(); }));
    draft.mime = type.mime;
    draft.kind = type.kind;
    FileRecord file = makeRecord(draft);
    if (!_files.insertFile(file, newBlobLocation(), completeUploadId, exists))
        throw ServiceError(ErrorCode::Unavailable, "the stored content changed meanwhile; try again");
    if (file.thumbnail == "pending" && _jobQueued)
        _jobQueued();
    return file;
}

FileRecord FileService::uploadSimple(const UserRecord& user, FileDraft draft, std::istream& body, std::int64_t length,
                                     const std::string& declaredSha256)
{
    if (!isValidFileName(draft.name))
        throw ServiceError(ErrorCode::InvalidName, "a name has 1 to 255 bytes of UTF-8 without / \\ or control characters");
    if (!declaredSha256.empty() && !isSha256Hex(declaredSha256))
        throw ServiceError(ErrorCode::InvalidSha256, "X-Nestbox-SHA256 must be 64 lower-case hex digits");
    if (length > _config.limits.maxFileSize)
        throw ServiceError(ErrorCode::FileTooLarge, "the file is larger than this server accepts");
    if (length >= 0)
        checkQuota(user, length);
    const std::string stagingId = randomHex(16);
    Sha256 hasher;
    try {
        if (length >= 0) {
            _store.writeStaged(stagingId, 0, length, body, hasher);
            draft.size = length;
        } else {
            draft.size = _store.writeStagedStream(stagingId, body, hasher, _config.limits.maxFileSize);
        }
    } catch (const ServiceError& e) {
        _store.dropStaged(stagingId);
        if (e.code() == ErrorCode::ChunkSizeMismatch)
            throw ServiceError(ErrorCode::BadRequest, "the body does not match its Content-Length");
        throw;
    } catch (...) {
        _store.dropStaged(stagingId);
        throw;
    }
    try {
        draft.sha256 = hasher.finishHex();
        if (!declaredSha256.empty() && declaredSha256 != draft.sha256)
            throw ServiceError(ErrorCode::ChecksumMismatch, "the body does not hash to X-Nestbox-SHA256");
        if (length < 0)
            checkQuota(user, draft.size);
        const MimeType type = sniffMime(_store.headStaged(stagingId, 64));
        draft.mime = type.mime;
        draft.kind = type.kind;
        draft.userId = user.id;
        return commitStaged(draft, stagingId, "");
    } catch (...) {
        _store.dropStaged(stagingId);
        throw;
    }
}

} // namespace nestbox::server
