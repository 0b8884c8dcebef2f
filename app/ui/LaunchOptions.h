#pragma once

#include <QString>

namespace nestbox {

// What main() learnt from the command line: an account to fill into the sign-in dialog (and to
// sign in with at once when a password came with it and no script drives the app), an
// automation script, and a screenshot to take.
struct LaunchOptions {
    QString server;
    QString user;
    QString password; // read from --password-file; never from the command line itself
    QString scriptPath;
    QString screenshotPath;
};

} // namespace nestbox
