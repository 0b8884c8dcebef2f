#include "cli/OperatorCommands.h"

#include "Services.h"
#include "http/JsonViews.h"
#include "nestbox/Sha256.h"
#include "service/ServiceError.h"

#include <iostream>
#include <set>

namespace nestbox::server {

namespace {
// Staged bytes and stray blobs younger than this may belong to a request in progress.
constexpr std::int64_t kGraceSeconds = 3600;
} // namespace

OperatorCommands::OperatorCommands(Services& services, std::istream& in, std::ostream& out, std::ostream& err)
    : _services(services)
    , _in(in)
    , _out(out)
    , _err(err)
{
}

std::string OperatorCommands::readPassword()
{
    std::string line;
    std::getline(_in, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

int OperatorCommands::user(const std::vector<std::string>& args, bool admin, long long quota)
{
    const std::string action = args.size() > 1 ? args[1] : "";
    const std::string name = args.size() > 2 ? args[2] : "";
    try {
        if (action == "add" && !name.empty()) {
            const UserRecord user = _services.auth.createUser(
                name, readPassword(), admin, quota > 0 ? std::optional<std::int64_t>(quota) : std::nullopt);
            _out << "created user " << user.username << " (" << user.id << ")" << (user.admin ? ", admin" : "") << "\n";
            return 0;
        }
        if (action == "list") {
            for (const UserRecord& u : _services.users.list()) {
                const Usage usage = _services.users.usage(u.id);
                _out << u.username << "\t" << u.id << "\t" << formatTime(u.createdAt) << "\t"
                     << (u.disabled ? "disabled" : "active") << (u.admin ? "\tadmin" : "") << "\t" << usage.files
                     << " files\t" << usage.bytes << " bytes\n";
            }
            return 0;
        }
        if (action == "passwd" && !name.empty()) {
            _services.auth.setPassword(name, readPassword());
            _out << "password changed for " << name << "; every session of theirs has ended\n";
            return 0;
        }
        if (action == "disable" && !name.empty()) {
            _services.auth.disable(name);
            _out << "disabled " << name << "; every session of theirs has ended\n";
            return 0;
        }
    } catch (const ServiceError& e) {
        _err << "nestboxd user " << action << ": " << e.what() << "\n";
        return 1;
    }
    _err << "usage: nestboxd user add NAME [--admin] [--quota=BYTES] | list | passwd NAME | disable NAME\n"
            "       (passwords are read from standard input, one line)\n";
    return 2;
}

int OperatorCommands::thumbnails(const std::vector<std::string>& args)
{
    if (args.size() < 2 || args[1] != "rebuild") {
        _err << "usage: nestboxd thumbnails rebuild\n";
        return 2;
    }
    const int queued = _services.thumbnails.rebuild();
    _out << "thumbnails: " << queued << " image(s) queued; a running nestboxd makes them\n";
    return 0;
}

int OperatorCommands::jobs(const std::vector<std::string>& args)
{
    if (args.size() >= 3 && args[1] == "retry") {
        // Dead jobs go back to pending with their attempts reset; the relay publishes them again.
        int retried = 0;
        for (std::size_t i = 2; i < args.size(); ++i) {
            if (_services.jobs.retryDead(args[i])) {
                ++retried;
            } else {
                _err << "no dead job " << args[i] << "\n";
            }
        }
        _out << "jobs: " << retried << " dead job(s) queued again\n";
        return retried == static_cast<int>(args.size() - 2) ? 0 : 1;
    }
    if (args.size() < 2 || args[1] != "list") {
        _err << "usage: nestboxd jobs list [pending|running|dead] | jobs retry ID...\n";
        return 2;
    }
    const std::string state = args.size() > 2 ? args[2] : "";
    for (const auto& [name, count] : _services.jobs.countByState())
        _out << name << ": " << count << "\n";
    for (const JobRecord& job : _services.jobs.list(state, 1000))
        _out << job.id << "\t" << job.kind << "\t" << job.subject << "\t" << job.state << "\tattempts=" << job.attempts
             << "\t" << formatTime(job.updatedAt) << (job.lastError.empty() ? "" : "\t" + job.lastError) << "\n";
    return 0;
}

int OperatorCommands::transfer(const std::vector<std::string>& args)
{
    if (args.size() < 2 || args[1] != "queue") {
        _err << "usage: nestboxd transfer queue\n";
        return 2;
    }
    if (!_services.store->hasRemoteTier()) {
        _err << "storage.url names no object store: nothing to transfer\n";
        return 1;
    }
    _out << "transfer: " << _services.transfers.queueAll() << " local blob(s) queued for the object store\n";
    return 0;
}

int OperatorCommands::gc()
{
    const int uploads = _services.uploadFlow.cleanupExpired();
    const int tokens = _services.auth.sweepExpiredTokens();

    const auto unfinished = _services.uploads.allUnfinishedIds();
    const std::set<std::string> live(unfinished.begin(), unfinished.end());
    int staged = 0;
    for (const auto& entry : _services.store->stagedUploads()) {
        if (!live.count(entry.uploadId) && entry.ageSeconds > kGraceSeconds) {
            _services.store->dropStaged(entry.uploadId);
            ++staged;
        }
    }
    // Multipart uploads (direct storage) that no unfinished upload knows: begun by a node that
    // died before writing the id down, or left by an abort the bucket did not take.
    const auto multipartIds = _services.uploads.allMultipartIds();
    const std::set<std::string> liveParts(multipartIds.begin(), multipartIds.end());
    int parts = 0;
    for (const auto& pending : _services.store->pendingParts()) {
        if (!liveParts.count(pending.multipartId) && pending.ageSeconds > kGraceSeconds) {
            _services.store->abortParts(pending.sha256, pending.multipartId);
            ++parts;
        }
    }
    int rows = 0;
    for (const std::string& sha : _services.files.unreferencedBlobs()) {
        _services.files.deleteBlobRow(sha);
        _services.store->remove(sha);
        _services.store->removeThumbnails(sha);
        ++rows;
    }
    const auto known = _services.files.allBlobs();
    std::set<std::string> referenced;
    for (const auto& [sha, size] : known)
        referenced.insert(sha);
    int strays = 0;
    for (const auto& blob : _services.store->list()) {
        if (!referenced.count(blob.sha256) && blob.ageSeconds > kGraceSeconds) {
            // Under the blob's lock and checked again: an upload being completed right now
            // (direct storage assembles the object before its row exists) keeps its object.
            try {
                ScopedLock lock(*_services.locks, "blob:" + blob.sha256, std::chrono::seconds(30), std::chrono::seconds(5));
                if (_services.files.blobRowExists(blob.sha256))
                    continue;
                _services.store->remove(blob.sha256);
                ++strays;
            } catch (const ServiceError&) {
                // busy: some request holds it; the next gc looks again
            }
        }
    }
    _out << "gc: " << uploads << " expired upload(s), " << tokens << " expired token(s), " << staged
         << " orphaned staging file(s), " << parts << " abandoned multipart upload(s), " << rows << " unreferenced blob(s), " << strays
         << " blob file(s) unknown to the database removed\n";
    return 0;
}

int OperatorCommands::fsck()
{
    int problems = 0;
    std::set<std::string> known;
    std::vector<char> buffer(1 << 20);
    for (const auto& [sha, size] : _services.files.allBlobs()) {
        known.insert(sha);
        if (!_services.store->exists(sha)) {
            _out << "MISSING " << sha << " (" << size << " bytes in the database, no file in the store)\n";
            ++problems;
            continue;
        }
        auto reader = _services.store->open(sha);
        if (reader->size() != size) {
            _out << "SIZE " << sha << ": database " << size << ", store " << reader->size() << "\n";
            ++problems;
            continue;
        }
        Sha256 hasher;
        std::int64_t offset = 0;
        while (offset < size) {
            const std::size_t got = reader->read(offset, buffer.data(), buffer.size());
            if (got == 0)
                break;
            hasher.update(buffer.data(), got);
            offset += static_cast<std::int64_t>(got);
        }
        if (hasher.finishHex() != sha) {
            _out << "CORRUPT " << sha << ": the stored bytes hash to something else\n";
            ++problems;
        }
    }
    int strays = 0;
    for (const auto& blob : _services.store->list())
        if (!known.count(blob.sha256))
            ++strays;
    _out << "fsck: " << known.size() << " blob(s) checked, " << problems << " problem(s), " << strays
         << " stray file(s) not in the database (nestboxd gc removes them)\n";
    return problems == 0 ? 0 : 1;
}

} // namespace nestbox::server
