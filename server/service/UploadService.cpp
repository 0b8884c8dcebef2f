#include "service/UploadService.h"

#include "cache/LockManager.h"
#include "config/ServerConfig.h"
#include "nestbox/Base64.h"
#include "nestbox/ChunkPlan.h"
#include "nestbox/NameValidation.h"
#include "nestbox/Sha256.h"
#include "repository/FileRepository.h"
#include "repository/UploadRepository.h"
#include "service/Clock.h"
#include "service/FileService.h"
#include "service/MimeSniffer.h"
#include "service/Random.h"
#include "service/ServiceError.h"
#include "storage/BlobStore.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace nestbox::server {

namespace {

using namespace std::chrono_literals;

// Locks are short-lived and kept alive by their holder, so a killed server's locks free
// themselves within seconds of a restart.
constexpr std::chrono::milliseconds kLockTtl = 15s;
constexpr int kChallengeRanges = 3;
constexpr std::int64_t kChallengeLength = 4096;

std::string uploadLockKey(const std::string& id)
{
    return "upload:" + id;
}

std::string chunkLockKey(const std::string& id, std::int64_t index)
{
    return "chunk:" + id + ":" + std::to_string(index);
}

bool isServerId(const std::string& id)
{
    return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// The file an upload becomes (its type is sniffed from the bytes later).
FileDraft draftOf(const UploadRecord& upload)
{
    FileDraft draft;
    draft.userId = upload.userId;
    draft.name = upload.name;
    draft.size = upload.size;
    draft.sha256 = upload.sha256;
    draft.modifiedAt = upload.modifiedAt;
    return draft;
}

std::string formatRanges(const std::vector<ByteRange>& ranges)
{
    std::string out;
    for (const ByteRange& r : ranges) {
        if (!out.empty())
            out += ',';
        out += std::to_string(r.offset) + ':' + std::to_string(r.length);
    }
    return out;
}

} // namespace

UploadService::UploadService(UploadRepository& uploads, FileRepository& files, FileService& library, BlobStore& store,
                             LockManager& locks, const ServerConfig& config)
    : _uploads(uploads)
    , _files(files)
    , _library(library)
    , _store(store)
    , _locks(locks)
    , _config(config)
{
}

std::vector<ByteRange> UploadService::parseRanges(const std::string& text)
{
    std::vector<ByteRange> ranges;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find(',', pos);
        if (end == std::string::npos)
            end = text.size();
        const std::string item = text.substr(pos, end - pos);
        const auto colon = item.find(':');
        if (colon != std::string::npos)
            ranges.push_back({std::stoll(item.substr(0, colon)), std::stoll(item.substr(colon + 1))});
        pos = end + 1;
    }
    return ranges;
}

UploadRecord UploadService::load(const AuthContext& ctx, const std::string& uploadId)
{
    if (!isServerId(uploadId))
        throw ServiceError(ErrorCode::NotFound, "no such upload");
    auto upload = _uploads.find(ctx.user.id, uploadId);
    if (!upload)
        throw ServiceError(ErrorCode::NotFound, "no such upload");
    return *upload;
}

UploadService::StartResult UploadService::start(const AuthContext& ctx, const std::string& name, std::int64_t size,
                                                const std::string& sha256, std::optional<std::int64_t> modifiedAt,
                                                std::int64_t chunkSizeHint)
{
    if (!isValidFileName(name))
        throw ServiceError(ErrorCode::InvalidName, "a name has 1 to 255 bytes of UTF-8 without / \\ or control characters");
    if (!isSha256Hex(sha256))
        throw ServiceError(ErrorCode::InvalidSha256, "sha256 must be 64 lower-case hex digits");
    if (size < 0)
        throw ServiceError(ErrorCode::InvalidSize, "size must be a whole number of bytes");
    if (size > _config.limits.maxFileSize)
        throw ServiceError(ErrorCode::FileTooLarge, "the file is larger than this server accepts");
    const auto plan = ChunkPlan::make(size, chunkSizeHint, _config.limits);
    if (!plan)
        throw ServiceError(ErrorCode::FileTooLarge, "the file is larger than this server accepts");
    _library.checkQuota(ctx.user, size);

    StartResult result;
    FileDraft draft;
    draft.userId = ctx.user.id;
    draft.name = name;
    draft.size = size;
    draft.sha256 = sha256;
    draft.modifiedAt = modifiedAt;

    // The same user already holds the content: a new entry, no bytes, no proof.
    if (const auto mine = _files.findByContent(ctx.user.id, sha256)) {
        draft.mime = mine->mime;
        draft.kind = mine->kind;
        if (auto file = _library.attachExisting(draft, "")) {
            result.outcome = StartResult::Outcome::Instant;
            result.file = std::move(file);
            return result;
        }
    }

    const std::int64_t at = nowMs();
    UploadRecord upload;
    upload.id = randomHex(16);
    upload.userId = ctx.user.id;
    upload.name = name;
    upload.size = size;
    upload.sha256 = sha256;
    upload.chunkSize = plan->chunkSize();
    upload.chunkCount = plan->chunkCount();
    upload.modifiedAt = modifiedAt;
    upload.state = "receiving";
    upload.createdAt = at;
    upload.updatedAt = at;
    upload.expiresAt = at + _config.uploadExpirySeconds * 1000;

    if (size == 0) {
        if (sha256 != Sha256::hashHex(""))
            throw ServiceError(ErrorCode::ChecksumMismatch, "a zero-byte file has the SHA-256 of nothing");
        result.outcome = StartResult::Outcome::Complete;
        result.file = _library.commitStaged(draft, upload.id, "");
        return result;
    }

    // Someone else holds it: ask for proof that the caller has the bytes, not just the hash.
    if (_config.dedupGlobal && size > 0 && _files.blobSize(sha256) == size && _store.exists(sha256)) {
        upload.state = "proof_required";
        upload.challengeNonce = base64Encode(randomBytes(24));
        const auto ranges = pickChallengeRanges(size, kChallengeRanges, kChallengeLength);
        upload.challengeRanges = formatRanges(ranges);
        _uploads.insert(upload);
        result.outcome = StartResult::Outcome::ProofRequired;
        result.nonce = upload.challengeNonce;
        result.ranges = ranges;
        result.upload = upload;
        return result;
    }

    _uploads.insert(upload);
    result.outcome = StartResult::Outcome::Receiving;
    result.upload = upload;
    return result;
}

FileRecord UploadService::prove(const AuthContext& ctx, const std::string& uploadId, const std::string& proof)
{
    ScopedLock lock(_locks, uploadLockKey(uploadId), kLockTtl, 30s);
    UploadRecord upload = load(ctx, uploadId);
    if (upload.state == "complete" && upload.fileId)
        return _library.get(ctx.user.id, *upload.fileId);
    if (nowMs() >= upload.expiresAt)
        throw ServiceError(ErrorCode::UploadExpired, "this upload has expired; start again");
    if (upload.state != "proof_required")
        throw ServiceError(ErrorCode::BadRequest, "this upload expects chunks, not a proof");

    // The challenge is used once, whatever the answer.
    const auto nonce = base64Decode(upload.challengeNonce);
    const auto ranges = parseRanges(upload.challengeRanges);
    std::string expected;
    if (nonce && _store.exists(upload.sha256)) {
        auto reader = _store.open(upload.sha256);
        std::vector<char> buffer(64 * 1024);
        expected = computeProof(*nonce, ranges, [&](const ByteRange& range, Sha256& hasher) {
            std::int64_t done = 0;
            while (done < range.length) {
                const auto want = static_cast<std::size_t>(
                    std::min<std::int64_t>(range.length - done, static_cast<std::int64_t>(buffer.size())));
                const std::size_t got = reader->read(range.offset + done, buffer.data(), want);
                if (got == 0)
                    return false;
                hasher.update(buffer.data(), got);
                done += static_cast<std::int64_t>(got);
            }
            return true;
        });
    }
    std::string given = proof;
    std::transform(given.begin(), given.end(), given.begin(), [](unsigned char c) { return std::tolower(c); });
    if (expected.empty() || !constantTimeEquals(expected, given)) {
        _uploads.dropChallenge(upload.id, nowMs());
        throw ServiceError(ErrorCode::ProofMismatch, "the proof does not match; send the file's bytes instead");
    }
    FileDraft draft = draftOf(upload);
    const MimeType type = [&] {
        auto reader = _store.open(upload.sha256);
        std::string head(64, '\0');
        head.resize(reader->read(0, head.data(), head.size()));
        return sniffMime(head);
    }();
    draft.mime = type.mime;
    draft.kind = type.kind;
    auto file = _library.attachExisting(draft, upload.id);
    if (!file) {
        // The only other copy was deleted meanwhile: the client has to send the bytes.
        _uploads.dropChallenge(upload.id, nowMs());
        throw ServiceError(ErrorCode::ProofMismatch, "the content is no longer stored; send the file's bytes");
    }
    return *file;
}

void UploadService::putChunk(const AuthContext& ctx, const std::string& uploadId, const std::string& indexText,
                             std::int64_t contentLength, const std::string& chunkSha256, std::istream& body)
{
    UploadRecord upload = load(ctx, uploadId);
    if (upload.state == "complete")
        throw ServiceError(ErrorCode::UploadComplete, "this upload is already complete");
    if (nowMs() >= upload.expiresAt)
        throw ServiceError(ErrorCode::UploadExpired, "this upload has expired; start again");

    std::int64_t index = -1;
    const bool digits = !indexText.empty() && indexText.size() <= 18
        && std::all_of(indexText.begin(), indexText.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits)
        std::from_chars(indexText.data(), indexText.data() + indexText.size(), index);
    if (!digits || index < 0 || index >= upload.chunkCount)
        throw ServiceError(ErrorCode::BadChunkIndex,
                           "the chunk index must be a whole number from 0 to " + std::to_string(upload.chunkCount - 1));
    if (!isSha256Hex(chunkSha256))
        throw ServiceError(ErrorCode::InvalidSha256, "X-Nestbox-Chunk-SHA256 must be 64 lower-case hex digits");
    const ChunkPlan plan(upload.size, upload.chunkSize);
    const std::int64_t expected = plan.length(index);
    if (contentLength >= 0 && contentLength != expected)
        throw ServiceError(ErrorCode::ChunkSizeMismatch,
                           "chunk " + std::to_string(index) + " has " + std::to_string(expected) + " bytes");
    if (upload.state == "proof_required")
        _uploads.dropChallenge(upload.id, nowMs()); // the client chose to send the bytes

    ScopedLock lock(_locks, chunkLockKey(upload.id, index), kLockTtl, 60s);
    Sha256 hasher;
    if (const auto recorded = _uploads.chunkHash(upload.id, index)) {
        // Already stored: read the body to keep the connection usable, never rewrite good data.
        std::vector<char> buffer(1 << 20);
        std::int64_t total = 0;
        while (body.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || body.gcount() > 0) {
            hasher.update(buffer.data(), static_cast<std::size_t>(body.gcount()));
            total += body.gcount();
            if (total > expected)
                break;
        }
        if (total != expected)
            throw ServiceError(ErrorCode::ChunkSizeMismatch, "the chunk body does not have its declared length");
        const std::string got = hasher.finishHex();
        if (got != chunkSha256 || got != *recorded)
            throw ServiceError(ErrorCode::ChunkChecksumMismatch, "the chunk does not hash to X-Nestbox-Chunk-SHA256");
        return;
    }
    if (_store.uploadsDirect()) {
        // Straight into the object store as part index+1, hashed on the way; the store checks
        // the part against the declared hash too. Nothing is recorded for a bad chunk.
        const std::string multipartId = multipartOf(upload);
        const std::string etag = _store.putPart(upload.sha256, multipartId, static_cast<int>(index + 1), expected,
                                                body, hasher, chunkSha256, [&lock] { lock.keepAlive(); });
        if (hasher.finishHex() != chunkSha256)
            throw ServiceError(ErrorCode::ChunkChecksumMismatch, "the chunk does not hash to X-Nestbox-Chunk-SHA256");
        const std::int64_t at = nowMs();
        if (!_uploads.recordPart(upload.id, multipartId, index, expected, chunkSha256, etag, at,
                                 at + _config.uploadExpirySeconds * 1000))
            throw ServiceError(ErrorCode::Unavailable, "the upload started over while this chunk arrived; send it again");
        return;
    }
    _store.writeStaged(upload.id, plan.offset(index), expected, body, hasher, [&lock] { lock.keepAlive(); });
    if (hasher.finishHex() != chunkSha256)
        throw ServiceError(ErrorCode::ChunkChecksumMismatch, "the chunk does not hash to X-Nestbox-Chunk-SHA256");
    const std::int64_t at = nowMs();
    _uploads.recordChunk(upload.id, index, expected, chunkSha256, at, at + _config.uploadExpirySeconds * 1000);
}

std::string UploadService::multipartOf(UploadRecord& upload)
{
    if (!upload.multipartId.empty())
        return upload.multipartId;
    // Begun lazily with the first chunk (an instant or proved upload never needs one). Two nodes
    // may race with the first chunks: the first recorded wins, the other is aborted.
    const std::string mine = _store.beginParts(upload.sha256);
    if (_uploads.setMultipart(upload.id, mine)) {
        upload.multipartId = mine;
        return mine;
    }
    _store.abortParts(upload.sha256, mine);
    const auto current = _uploads.findById(upload.id);
    if (!current || current->multipartId.empty())
        throw ServiceError(ErrorCode::NotFound, "no such upload");
    upload.multipartId = current->multipartId;
    return upload.multipartId;
}

void UploadService::startOver(const UploadRecord& upload, ErrorCode code, const std::string& message)
{
    if (!upload.multipartId.empty())
        _store.abortParts(upload.sha256, upload.multipartId);
    _uploads.resetMultipart(upload.id, nowMs());
    ServiceError error(code, message);
    for (std::int64_t i = 0; i < upload.chunkCount; ++i)
        error.missing.push_back(i);
    throw error;
}

FileRecord UploadService::completeDirect(const UploadRecord& upload, ScopedLock& uploadLock)
{
    std::vector<std::pair<int, std::string>> parts;
    std::vector<std::int64_t> noEtag;
    for (const auto& [index, etag] : _uploads.chunkEtags(upload.id)) {
        if (etag.empty())
            noEtag.push_back(index); // received before the server switched to direct storage
        else
            parts.emplace_back(static_cast<int>(index + 1), etag);
    }
    if (upload.multipartId.empty())
        startOver(upload, ErrorCode::MissingChunks, "this upload's parts are gone; send every chunk again");
    if (!noEtag.empty()) {
        _uploads.forgetChunks(upload.id, noEtag);
        ServiceError error(ErrorCode::MissingChunks, std::to_string(noEtag.size()) + " chunk(s) must be sent again");
        error.missing = std::move(noEtag);
        throw error;
    }
    const auto chunkHashes = _uploads.chunkHashes(upload.id);
    const ChunkPlan plan(upload.size, upload.chunkSize);
    return _library.commitPlaced(draftOf(upload), upload.id, [&](bool exists, const std::function<void()>& blobKeepAlive) {
        const auto keepAlive = [&] {
            blobKeepAlive();
            uploadLock.keepAlive();
        };
        if (exists) {
            // The content is stored already (another upload of it finished first). Completing
            // ours would overwrite it with bytes not yet verified, so the parts are dropped; the
            // chunks, each checked by its SHA-256 on arrival, are compared with the stored blob
            // instead, which proves they are the same bytes.
            auto reader = _store.open(upload.sha256);
            bool same = reader->size() == upload.size;
            std::vector<char> buffer(1 << 20);
            for (const auto& [index, sha] : chunkHashes) {
                if (!same)
                    break;
                Sha256 hasher;
                std::int64_t done = 0;
                const std::int64_t offset = plan.offset(index), length = plan.length(index);
                while (done < length) {
                    const auto want = static_cast<std::size_t>(
                        std::min<std::int64_t>(length - done, static_cast<std::int64_t>(buffer.size())));
                    const std::size_t got = reader->read(offset + done, buffer.data(), want);
                    if (got == 0)
                        break;
                    hasher.update(buffer.data(), got);
                    done += static_cast<std::int64_t>(got);
                }
                same = done == length && hasher.finishHex() == sha;
                keepAlive();
            }
            if (!same)
                startOver(upload, ErrorCode::ChecksumMismatch, "the chunks do not add up to the declared sha256");
            _store.abortParts(upload.sha256, upload.multipartId);
            std::string head(64, '\0');
            head.resize(reader->read(0, head.data(), head.size()));
            return head;
        }
        std::string head;
        const auto stored = _store.completeParts(upload.sha256, upload.multipartId, parts, head, 64, keepAlive);
        if (!stored)
            startOver(upload, ErrorCode::MissingChunks,
                      "the object store no longer holds this upload's parts; send every chunk again");
        if (*stored != upload.sha256) {
            // Nothing points at the object: it goes, and the upload starts over.
            Poco::Logger::get("nestbox.uploads")
                .warning("upload %s: the assembled object hashes to %s, not the declared %s", upload.id, *stored,
                         upload.sha256);
            _store.remove(upload.sha256);
            startOver(upload, ErrorCode::ChecksumMismatch, "the chunks do not add up to the declared sha256");
        }
        return head;
    });
}

UploadRecord UploadService::status(const AuthContext& ctx, const std::string& uploadId)
{
    UploadRecord upload = load(ctx, uploadId);
    if (upload.state != "complete" && nowMs() >= upload.expiresAt)
        throw ServiceError(ErrorCode::UploadExpired, "this upload has expired; start again");
    return upload;
}

std::vector<UploadRecord> UploadService::unfinished(const AuthContext& ctx)
{
    auto all = _uploads.listUnfinished(ctx.user.id);
    const std::int64_t at = nowMs();
    std::erase_if(all, [at](const UploadRecord& u) { return at >= u.expiresAt; });
    return all;
}

FileRecord UploadService::complete(const AuthContext& ctx, const std::string& uploadId)
{
    ScopedLock lock(_locks, uploadLockKey(uploadId), kLockTtl, 120s);
    UploadRecord upload = load(ctx, uploadId);
    if (upload.state == "complete" && upload.fileId)
        return _library.get(ctx.user.id, *upload.fileId);
    if (nowMs() >= upload.expiresAt)
        throw ServiceError(ErrorCode::UploadExpired, "this upload has expired; start again");
    std::vector<std::int64_t> missing;
    const std::set<std::int64_t> received(upload.received.begin(), upload.received.end());
    for (std::int64_t i = 0; i < upload.chunkCount; ++i)
        if (!received.count(i))
            missing.push_back(i);
    if (!missing.empty()) {
        ServiceError error(ErrorCode::MissingChunks, std::to_string(missing.size()) + " chunk(s) are missing");
        error.missing = std::move(missing);
        throw error;
    }
    _library.checkQuota(ctx.user, upload.size);
    if (_store.uploadsDirect())
        return completeDirect(upload, lock);
    // The whole file, as stored, must hash to what the client declared before anyone sees it.
    if (_store.hashStaged(upload.id, upload.size, [&lock] { lock.keepAlive(); }) != upload.sha256) {
        // Either the client declared another file's hash, or some stored chunk no longer holds
        // what was recorded (a disk fault, an interrupted overwrite). Re-check each chunk: the
        // damaged ones are forgotten and asked for again, so nothing is lost.
        const ChunkPlan plan(upload.size, upload.chunkSize);
        std::vector<std::int64_t> damaged;
        for (const auto& [index, sha] : _uploads.chunkHashes(upload.id)) {
            lock.keepAlive();
            if (_store.hashStagedRange(upload.id, plan.offset(index), plan.length(index)) != sha)
                damaged.push_back(index);
        }
        if (!damaged.empty()) {
            _uploads.forgetChunks(upload.id, damaged);
            Poco::Logger::get("nestbox.uploads")
                .warning("upload %s: %z stored chunk(s) failed re-verification and are requested again", upload.id,
                         damaged.size());
            ServiceError error(ErrorCode::MissingChunks,
                               std::to_string(damaged.size()) + " chunk(s) were damaged in storage; send them again");
            error.missing = std::move(damaged);
            throw error;
        }
        throw ServiceError(ErrorCode::ChecksumMismatch, "the chunks do not add up to the declared sha256");
    }
    FileDraft draft = draftOf(upload);
    const MimeType type = sniffMime(_store.headStaged(upload.id, 64));
    draft.mime = type.mime;
    draft.kind = type.kind;
    return _library.commitStaged(draft, upload.id, upload.id);
}

void UploadService::abort(const AuthContext& ctx, const std::string& uploadId)
{
    ScopedLock lock(_locks, uploadLockKey(uploadId), kLockTtl, 30s);
    UploadRecord upload = load(ctx, uploadId);
    if (upload.state == "complete")
        throw ServiceError(ErrorCode::UploadComplete, "this upload is already complete");
    discard(upload.id);
}

void UploadService::discard(const std::string& uploadId)
{
    if (_store.uploadsDirect()) {
        if (const auto upload = _uploads.findById(uploadId); upload && !upload->multipartId.empty())
            _store.abortParts(upload->sha256, upload->multipartId);
        _uploads.remove(uploadId);
        return;
    }
    _uploads.remove(uploadId);
    _store.dropStaged(uploadId);
}

int UploadService::cleanupExpired()
{
    int removed = 0;
    for (;;) {
        const auto ids = _uploads.expired(nowMs(), 500);
        if (ids.empty())
            break;
        for (const std::string& id : ids) {
            try {
                ScopedLock lock(_locks, uploadLockKey(id), kLockTtl, 1s);
                discard(id);
                ++removed;
            } catch (const ServiceError&) {
                // Busy: some request holds it; the next sweep takes it.
            }
        }
        if (ids.size() < 500)
            break;
    }
    if (removed > 0)
        Poco::Logger::get("nestbox.uploads").information("removed %d expired upload(s)", removed);
    return removed;
}

} // namespace nestbox::server
