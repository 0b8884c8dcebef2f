#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

class QWidget;

namespace nestbox {

class MainWindow;

// Drives the real app from a small text file (`nestbox --script FILE`), for the end-to-end test
// and scripts/screenshots.sh. One command per line, `#` starts a comment; each command either
// acts at once or waits (polling every 100 ms, at most 120 s) for the app to get somewhere:
//
//   screenshot sign-in|window|viewer|trust FILE
//                                           grab that window (trust: the "Trust this server?"
//                                           question) into a PNG
//   sign-in                                 press the sign-in dialog's default button
//   sign-up                                 switch the dialog to "Create account" and fill the
//                                           launch user name (--user) and password in it (then:
//                                           sign-in)
//   wait-discovered NAME                    until the dialog's "On your network" list shows the
//                                           server announced as NAME (the rest of the line)
//   pick-discovered NAME                    click that server's row (a mouse press and release
//                                           sent to the list), which fills in its address
//   wait-trust-question [FILE]              until the "Trust this server?" question is open; its
//                                           text goes to the log and, when given, into FILE
//   answer-trust yes|no                     press Trust or Do Not Trust in that question
//   wait-sign-in-error [FILE]               until the dialog has given up and shows an error; the
//                                           message goes to the log and, when given, into FILE
//   wait-signed-in                          until the session is signed in and the dialog is gone
//   drop PATH...                            a QDropEvent with these file URLs, sent to the main
//                                           window through QCoreApplication::sendEvent (after a
//                                           QDragEnterEvent and a QDragMoveEvent), as a real drop
//   set-bandwidth KIB                       the engine's bandwidth limit (0 = none)
//   wait-upload-progress [N]                until some file (or row N) has sent bytes
//   show-upload N                           scroll the upload panel so row N is at the top
//   pause-upload N / resume-upload N        the N-th row (0-based) of the upload panel
//   wait-state N STATE                      until row N is in STATE (queued, paused, done, …)
//   wait-uploads-done                       until no file is queued, hashing, uploading or paused
//   wait-uploads-count N                    until at least N files are done (or instant)
//   wait-timeline N                         until the grid has at least N rows
//   wait-thumbnails                         until every row on screen shows its thumbnail
//   select N / open-viewer N / viewer-next / close-viewer
//   wait-viewer-full                        until the viewer shows the full image
//   download-selected FOLDER                the Download action with FOLDER as the chosen folder
//   wait-downloads-done                     until that download ends; fails if a file failed
//   sleep MS / quit
//
// A failing or timed-out command prints why and exits the app with status 3. GUI thread.
class AutomationScript : public QObject {
    Q_OBJECT

public:
    static constexpr int kStepTimeoutMs = 120'000;

    AutomationScript(MainWindow *window, const QString &path, QObject *parent = nullptr);

    bool load();
    QString errorString() const { return _error; }

public Q_SLOTS:
    void start();

private:
    enum class Result { Done, Wait, Fail };

    void tick();
    Result run(const QStringList &command);
    Result screenshot(const QString &target, const QString &path);
    // wait-discovered, pick-discovered, wait-trust-question, answer-trust, wait-sign-in-error.
    Result signInStep(const QStringList &command);
    static bool writeText(const QString &path, const QString &text);
    void fail(const QString &why);
    static bool saveGrab(QWidget *widget, const QString &path);

    MainWindow *_window;
    QString _path;
    QString _error;
    QStringList _lines;
    int _current = 0;
    QTimer _timer;
    QElapsedTimer _stepClock;
    qint64 _sleepUntil = -1;
    bool _downloadsFinished = false;
    QStringList _downloadErrors;
};

} // namespace nestbox
