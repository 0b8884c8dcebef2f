// The common library (shared by app and server): error code names, streaming SHA-256, base64,
// chunk plan math, name/username/password rules, proof of possession. Checked against
// independent references (Qt's QCryptographicHash and base64, RFC test vectors).

#include <nestbox/Base64.h>
#include <nestbox/ChunkPlan.h>
#include <nestbox/ErrorCode.h>
#include <nestbox/NameValidation.h>
#include <nestbox/ProofOfPossession.h>
#include <nestbox/Sha256.h>

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <string>

using nestbox::ErrorCode;

namespace {
std::string toStd(const QByteArray &b)
{
    return std::string(b.constData(), size_t(b.size()));
}
QByteArray fromStd(const std::string &s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}
QByteArray randomBytes(qsizetype n, quint32 seed)
{
    QByteArray b(n, Qt::Uninitialized);
    QRandomGenerator g(seed);
    for (qsizetype i = 0; i < n; ++i)
        b[i] = char(g.generate() & 0xff);
    return b;
}
QByteArray qtSha(const QByteArray &b)
{
    return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex();
}
constexpr qint64 kMiB = 1024 * 1024;
} // namespace

class TestCommon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorCodeNames_data();
    void errorCodeNames();
    void unknownErrorName();

    void sha256Vectors_data();
    void sha256Vectors();
    void sha256Streaming();
    void sha256FinishRestarts();
    void isSha256Hex_data();
    void isSha256Hex();
    void constantTimeEquals();

    void base64Vectors_data();
    void base64Vectors();
    void base64Invalid_data();
    void base64Invalid();
    void base64RandomRoundTrip();

    void chunkPlan_data();
    void chunkPlan();
    void chunkPlanLengths();
    void chunkPlanRejects();

    void utf8_data();
    void utf8();
    void fileNames_data();
    void fileNames();
    void usernames_data();
    void usernames();
    void passwords_data();
    void passwords();

    void proofMatchesReference();
    void proofFromFile();
    void proofReaderFailure();
    void challengeRanges();
};

void TestCommon::errorCodeNames_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("name");
    const QList<QPair<ErrorCode, const char *>> all{
        {ErrorCode::BadRequest, "bad_request"},
        {ErrorCode::InvalidJson, "invalid_json"},
        {ErrorCode::InvalidParameter, "invalid_parameter"},
        {ErrorCode::InvalidCursor, "invalid_cursor"},
        {ErrorCode::InvalidUsername, "invalid_username"},
        {ErrorCode::WeakPassword, "weak_password"},
        {ErrorCode::InvalidName, "invalid_name"},
        {ErrorCode::InvalidSize, "invalid_size"},
        {ErrorCode::InvalidSha256, "invalid_sha256"},
        {ErrorCode::BadChunkIndex, "bad_chunk_index"},
        {ErrorCode::ChunkSizeMismatch, "chunk_size_mismatch"},
        {ErrorCode::Unauthorized, "unauthorized"},
        {ErrorCode::InvalidCredentials, "invalid_credentials"},
        {ErrorCode::WrongPassword, "wrong_password"},
        {ErrorCode::SignupClosed, "signup_closed"},
        {ErrorCode::AccountDisabled, "account_disabled"},
        {ErrorCode::NotFound, "not_found"},
        {ErrorCode::MethodNotAllowed, "method_not_allowed"},
        {ErrorCode::UsernameTaken, "username_taken"},
        {ErrorCode::UploadComplete, "upload_complete"},
        {ErrorCode::MissingChunks, "missing_chunks"},
        {ErrorCode::UploadBusy, "upload_busy"},
        {ErrorCode::UploadExpired, "upload_expired"},
        {ErrorCode::LengthRequired, "length_required"},
        {ErrorCode::FileTooLarge, "file_too_large"},
        {ErrorCode::PayloadTooLarge, "payload_too_large"},
        {ErrorCode::UriTooLong, "uri_too_long"},
        {ErrorCode::RangeNotSatisfiable, "range_not_satisfiable"},
        {ErrorCode::ChecksumMismatch, "checksum_mismatch"},
        {ErrorCode::ChunkChecksumMismatch, "chunk_checksum_mismatch"},
        {ErrorCode::ProofMismatch, "proof_mismatch"},
        {ErrorCode::TooManyAttempts, "too_many_attempts"},
        {ErrorCode::Internal, "internal"},
        {ErrorCode::Unavailable, "unavailable"},
        {ErrorCode::QuotaExceeded, "quota_exceeded"},
        {ErrorCode::Forbidden, "forbidden"},
        {ErrorCode::CannotDisableSelf, "cannot_disable_self"},
        {ErrorCode::InvalidInvite, "invalid_invite"},
    };
    for (const auto &e : all)
        QTest::newRow(e.second) << int(e.first) << QString::fromLatin1(e.second);
}

void TestCommon::errorCodeNames()
{
    QFETCH(int, code);
    QFETCH(QString, name);
    const std::string_view n = nestbox::errorCodeName(ErrorCode(code));
    QCOMPARE(QString::fromLatin1(n.data(), qsizetype(n.size())), name);
    const auto back = nestbox::errorCodeFromName(toStd(name.toLatin1()));
    QVERIFY(back.has_value());
    QCOMPARE(int(*back), code);
}

void TestCommon::unknownErrorName()
{
    QVERIFY(!nestbox::errorCodeFromName("no_such_code").has_value());
    QVERIFY(!nestbox::errorCodeFromName("").has_value());
    QVERIFY(!nestbox::errorCodeFromName("NOT_FOUND").has_value());
}

void TestCommon::sha256Vectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("empty") << QByteArray("") << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("abc") << QByteArray("abc") << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                              << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    QTest::newRow("million a") << QByteArray(1000000, 'a')
                               << QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

void TestCommon::sha256Vectors()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, hex);
    QCOMPARE(fromStd(nestbox::Sha256::hashHex(toStd(input))), hex);
    nestbox::Sha256 h;
    h.update(input.constData(), size_t(input.size()));
    QCOMPARE(fromStd(h.finishHex()), hex);
}

void TestCommon::sha256Streaming()
{
    const QByteArray data = randomBytes(3 * 1024 * 1024 + 17, 1);
    const QByteArray expected = qtSha(data);
    QRandomGenerator g(2);
    for (int round = 0; round < 5; ++round) {
        nestbox::Sha256 h;
        qsizetype pos = 0;
        while (pos < data.size()) {
            const qsizetype n = qMin<qsizetype>(data.size() - pos, g.bounded(1, 200000));
            h.update(data.constData() + pos, size_t(n));
            pos += n;
        }
        const nestbox::Sha256::Digest d = h.finish();
        QCOMPARE(fromStd(nestbox::Sha256::toHex(d)), expected);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(d.data()), 32).toHex(), expected);
    }
    // moved-from and moved-to hashers keep the state
    nestbox::Sha256 a;
    a.update("ab");
    nestbox::Sha256 b(std::move(a));
    b.update("c");
    QCOMPARE(fromStd(b.finishHex()), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

void TestCommon::sha256FinishRestarts()
{
    nestbox::Sha256 h;
    h.update("garbage");
    (void)h.finish();
    h.update("abc");
    QCOMPARE(fromStd(h.finishHex()), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(fromStd(h.finishHex()), QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

void TestCommon::isSha256Hex_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    const QByteArray good = qtSha("x");
    QTest::newRow("lower hex") << good << true;
    QTest::newRow("upper hex") << good.toUpper() << false;
    QTest::newRow("63") << good.left(63) << false;
    QTest::newRow("65") << good + "0" << false;
    QTest::newRow("g") << QByteArray(64, 'g') << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("space") << good.left(63) + " " << false;
}

void TestCommon::isSha256Hex()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(nestbox::isSha256Hex(toStd(text)), valid);
}

void TestCommon::constantTimeEquals()
{
    QVERIFY(nestbox::constantTimeEquals("abc", "abc"));
    QVERIFY(!nestbox::constantTimeEquals("abc", "abd"));
    QVERIFY(!nestbox::constantTimeEquals("abc", "abcd"));
    QVERIFY(nestbox::constantTimeEquals("", ""));
    QVERIFY(!nestbox::constantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

void TestCommon::base64Vectors_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addColumn<QByteArray>("encoded");
    // RFC 4648 section 10
    QTest::newRow("empty") << QByteArray("") << QByteArray("");
    QTest::newRow("f") << QByteArray("f") << QByteArray("Zg==");
    QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8=");
    QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
    QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg==");
    QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE=");
    QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
    QTest::newRow("binary with + and /") << QByteArray::fromHex("fbff") << QByteArray("+/8=");
    QTest::newRow("zeros") << QByteArray(4, '\0') << QByteArray("AAAAAA==");
}

void TestCommon::base64Vectors()
{
    QFETCH(QByteArray, plain);
    QFETCH(QByteArray, encoded);
    QCOMPARE(fromStd(nestbox::base64Encode(toStd(plain))), encoded);
    const auto decoded = nestbox::base64Decode(toStd(encoded));
    QVERIFY(decoded.has_value());
    QCOMPARE(fromStd(*decoded), plain);
}

void TestCommon::base64Invalid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("no padding") << QByteArray("Zg");
    QTest::newRow("short padding") << QByteArray("Zg=");
    QTest::newRow("url-safe -") << QByteArray("-_8=");
    QTest::newRow("bad char") << QByteArray("Zm9!");
    QTest::newRow("padding inside") << QByteArray("Zg==Zg==");
    QTest::newRow("too much padding") << QByteArray("Z===");
    QTest::newRow("whitespace") << QByteArray("Zm9v\nYmFy");
    QTest::newRow("length 5") << QByteArray("Zm9vY");
}

void TestCommon::base64Invalid()
{
    QFETCH(QByteArray, text);
    QVERIFY2(!nestbox::base64Decode(toStd(text)).has_value(), text.constData());
}

void TestCommon::base64RandomRoundTrip()
{
    for (int n = 0; n < 200; ++n) {
        const QByteArray data = randomBytes(n, quint32(n + 10));
        const QByteArray enc = fromStd(nestbox::base64Encode(toStd(data)));
        QCOMPARE(enc, data.toBase64());
        const auto dec = nestbox::base64Decode(toStd(enc));
        QVERIFY(dec.has_value());
        QCOMPARE(fromStd(*dec), data);
    }
}

void TestCommon::chunkPlan_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("hint");
    QTest::addColumn<qint64>("chunkSize");
    QTest::addColumn<qint64>("chunkCount");
    QTest::newRow("default") << 12 * kMiB << qint64(0) << 8 * kMiB << qint64(2);
    QTest::newRow("hint below min") << 12 * kMiB << kMiB << 5 * kMiB << qint64(3);
    QTest::newRow("hint above max") << 200 * kMiB << 100 * kMiB << 64 * kMiB << qint64(4);
    QTest::newRow("hint inside") << 20 * kMiB << 6 * kMiB << 6 * kMiB << qint64(4);
    QTest::newRow("exact multiple") << 16 * kMiB << qint64(0) << 8 * kMiB << qint64(2);
    QTest::newRow("one byte") << qint64(1) << qint64(0) << 8 * kMiB << qint64(1);
    QTest::newRow("zero bytes") << qint64(0) << qint64(0) << 8 * kMiB << qint64(0);
    // 100 GiB with 8 MiB chunks would be 12800 chunks: raised to whole MiB until <= 10000
    QTest::newRow("raised for max_chunks") << 100 * 1024 * kMiB << qint64(0) << 11 * kMiB << qint64(9310);
    QTest::newRow("256 GiB") << 256 * 1024 * kMiB << qint64(0) << 27 * kMiB << qint64(9710);
}

void TestCommon::chunkPlan()
{
    QFETCH(qint64, size);
    QFETCH(qint64, hint);
    QFETCH(qint64, chunkSize);
    QFETCH(qint64, chunkCount);
    const auto plan = nestbox::ChunkPlan::make(size, hint, nestbox::ChunkLimits{});
    QVERIFY(plan.has_value());
    QCOMPARE(qint64(plan->chunkSize()), chunkSize);
    QCOMPARE(qint64(plan->chunkCount()), chunkCount);
    QVERIFY(plan->chunkCount() <= 10000);
    QCOMPARE(qint64(plan->size()), size);
}

void TestCommon::chunkPlanLengths()
{
    const nestbox::ChunkPlan plan(10 * kMiB + 3, 5 * kMiB);
    QCOMPARE(plan.chunkCount(), 3);
    QCOMPARE(plan.offset(0), 0);
    QCOMPARE(plan.offset(2), 10 * kMiB);
    QCOMPARE(plan.length(0), 5 * kMiB);
    QCOMPARE(plan.length(1), 5 * kMiB);
    QCOMPARE(plan.length(2), 3);
    QCOMPARE(plan.length(3), 0);
    QCOMPARE(plan.length(-1), 0);
    qint64 total = 0;
    for (qint64 i = 0; i < plan.chunkCount(); ++i)
        total += plan.length(i);
    QCOMPARE(total, 10 * kMiB + 3);
}

void TestCommon::chunkPlanRejects()
{
    const nestbox::ChunkLimits limits;
    QVERIFY(!nestbox::ChunkPlan::make(-1, 0, limits).has_value());
    QVERIFY(!nestbox::ChunkPlan::make(limits.maxFileSize + 1, 0, limits).has_value());
    QVERIFY(nestbox::ChunkPlan::make(limits.maxFileSize, 0, limits).has_value());
    nestbox::ChunkLimits tight;
    tight.maxChunks = 2;
    tight.maxFileSize = 1LL << 40;
    QVERIFY(!nestbox::ChunkPlan::make(200 * kMiB, 0, tight).has_value()); // would need 100 MiB chunks > max
}

void TestCommon::utf8_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("length");
    QTest::newRow("ascii") << QByteArray("hello") << true << 5;
    QTest::newRow("cjk") << QByteArray("家族") << true << 2;
    QTest::newRow("emoji") << QByteArray("\xf0\x9f\x98\x80") << true << 1;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << false << 0;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false << 0;
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false << 0;
    QTest::newRow("truncated") << QByteArray("a\xe5\xae") << false << 0;
    QTest::newRow("lone continuation") << QByteArray("\x80") << false << 0;
    QTest::newRow("ff") << QByteArray("\xff") << false << 0;
}

void TestCommon::utf8()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(int, length);
    QCOMPARE(nestbox::isValidUtf8(toStd(text)), valid);
    if (valid)
        QCOMPARE(int(nestbox::utf8Length(toStd(text))), length);
}

void TestCommon::fileNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << QByteArray("photo.jpg") << true;
    QTest::newRow("unicode") << QByteArray("家族 照片.jpg") << true;
    QTest::newRow("255 bytes") << QByteArray(255, 'a') << true;
    QTest::newRow("256 bytes") << QByteArray(256, 'a') << false;
    QTest::newRow("300 bytes") << QByteArray(300, 'a') << false;
    QTest::newRow("empty") << QByteArray("") << false;
    QTest::newRow("../../a") << QByteArray("../../a") << false;
    QTest::newRow("slash") << QByteArray("a/b") << false;
    QTest::newRow("backslash") << QByteArray("a\\b") << false;
    QTest::newRow("NUL") << QByteArray("a\0b", 3) << false;
    QTest::newRow("tab") << QByteArray("a\tb") << false;
    QTest::newRow("DEL") << QByteArray("a\x7f" "b") << false;
    QTest::newRow("C1") << QByteArray("a\xc2\x85" "b") << false;
    QTest::newRow("dot") << QByteArray(".") << false;
    QTest::newRow("dotdot") << QByteArray("..") << false;
    QTest::newRow("dots inside") << QByteArray("..a..") << true;
    QTest::newRow("not utf-8") << QByteArray("a\xff") << false;
}

void TestCommon::fileNames()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, valid);
    QCOMPARE(nestbox::isValidFileName(toStd(name)), valid);
}

void TestCommon::usernames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("3") << QByteArray("abc") << true;
    QTest::newRow("32") << QByteArray(32, 'a') << true;
    QTest::newRow("2") << QByteArray("ab") << false;
    QTest::newRow("33") << QByteArray(33, 'a') << false;
    QTest::newRow("all classes") << QByteArray("A.b-c_9") << true;
    QTest::newRow("space") << QByteArray("a b") << false;
    QTest::newRow("at") << QByteArray("a@b") << false;
    QTest::newRow("non-ascii") << QByteArray("名字名") << false;
}

void TestCommon::usernames()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, valid);
    QCOMPARE(nestbox::isValidUsername(toStd(name)), valid);
}

void TestCommon::passwords_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty") << QByteArray("") << false;
    QTest::newRow("7") << QByteArray("1234567") << false;
    QTest::newRow("8") << QByteArray("12345678") << true;
    QTest::newRow("7 cjk chars") << QByteArray("密码密码密码密") << false;
    QTest::newRow("8 cjk chars") << QByteArray("密码密码密码密码") << true;
    QTest::newRow("1024 bytes") << QByteArray(1024, 'p') << true;
    QTest::newRow("1025 bytes") << QByteArray(1025, 'p') << false;
    QTest::newRow("not utf-8") << QByteArray("abcdefgh\xff") << false;
}

void TestCommon::passwords()
{
    QFETCH(QByteArray, password);
    QFETCH(bool, valid);
    QCOMPARE(nestbox::isAcceptablePassword(toStd(password)), valid);
}

void TestCommon::proofMatchesReference()
{
    const QByteArray content = randomBytes(100000, 3);
    const QByteArray nonce = randomBytes(16, 4);
    const std::vector<nestbox::ByteRange> ranges{{0, 10}, {99990, 10}, {5000, 4096}, {0, 10}};
    const auto reader = [&](const nestbox::ByteRange &r, nestbox::Sha256 &h) {
        if (r.offset + r.length > content.size())
            return false;
        h.update(content.constData() + r.offset, size_t(r.length));
        return true;
    };
    const QByteArray proof = fromStd(nestbox::computeProof(toStd(nonce), ranges, reader));
    QCryptographicHash ref(QCryptographicHash::Sha256);
    ref.addData(nonce);
    for (const auto &r : ranges)
        ref.addData(content.mid(r.offset, r.length));
    QCOMPARE(proof, ref.result().toHex());
    // order matters
    std::vector<nestbox::ByteRange> swapped{ranges[1], ranges[0], ranges[2], ranges[3]};
    QVERIFY(fromStd(nestbox::computeProof(toStd(nonce), swapped, reader)) != proof);
    // so does the nonce
    QVERIFY(fromStd(nestbox::computeProof(toStd(randomBytes(16, 5)), ranges, reader)) != proof);
}

void TestCommon::proofFromFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray content = randomBytes(300000, 6);
    QFile f(dir.filePath(QStringLiteral("blob")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    const QByteArray nonce = randomBytes(32, 7);
    const std::vector<nestbox::ByteRange> ranges{{12345, 70000}, {299000, 1000}, {0, 1}};
    QCryptographicHash ref(QCryptographicHash::Sha256);
    ref.addData(nonce);
    for (const auto &r : ranges)
        ref.addData(content.mid(r.offset, r.length));
    const std::string path = toStd(dir.filePath(QStringLiteral("blob")).toUtf8());
    QCOMPARE(fromStd(nestbox::computeProofFromFile(path, toStd(nonce), ranges)), ref.result().toHex());
    // a range past the end of the file cannot be proven
    QVERIFY(nestbox::computeProofFromFile(path, toStd(nonce), {{299990, 100}}).empty());
    QVERIFY(nestbox::computeProofFromFile(path + "-missing", toStd(nonce), ranges).empty());
}

void TestCommon::proofReaderFailure()
{
    const auto failing = [](const nestbox::ByteRange &, nestbox::Sha256 &) { return false; };
    QVERIFY(nestbox::computeProof("nonce", {{0, 1}}, failing).empty());
    const auto ok = [](const nestbox::ByteRange &, nestbox::Sha256 &) { return true; };
    QVERIFY(nestbox::computeProof("nonce", {{-1, 1}}, ok).empty());
}

void TestCommon::challengeRanges()
{
    const qint64 size = 1000000;
    const auto ranges = nestbox::pickChallengeRanges(size, 4, 4096);
    QCOMPARE(int(ranges.size()), 4);
    for (const auto &r : ranges) {
        QCOMPARE(qint64(r.length), 4096);
        QVERIFY(r.offset >= 0 && r.offset + r.length <= size);
    }
    // random: twenty challenges do not all pick the same offsets
    QSet<qint64> offsets;
    for (int i = 0; i < 20; ++i)
        offsets.insert(nestbox::pickChallengeRanges(size, 1, 4096).at(0).offset);
    QVERIFY(offsets.size() > 1);
    // a file smaller than a range is challenged whole
    const auto small = nestbox::pickChallengeRanges(100, 4, 4096);
    QCOMPARE(int(small.size()), 1);
    QCOMPARE(qint64(small.at(0).offset), 0);
    QCOMPARE(qint64(small.at(0).length), 100);
    QVERIFY(nestbox::pickChallengeRanges(0, 4, 4096).empty());
}

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
