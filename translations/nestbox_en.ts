<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApiError</name>
    <message>
        <source>The server had a problem (HTTP %1). Try again later.</source>
        <translation>The server had a problem (HTTP %1). Try again later.</translation>
    </message>
    <message>
        <source>The server answered in a way Nestbox does not understand (HTTP %1). Check the server address.</source>
        <translation>The server answered in a way Nestbox does not understand (HTTP %1). Check the server address.</translation>
    </message>
    <message>
        <source>The server refused the request: %1</source>
        <translation>The server refused the request: %1</translation>
    </message>
    <message>
        <source>Cannot open a secure connection to the server: %1</source>
        <translation>Cannot open a secure connection to the server: %1</translation>
    </message>
    <message>
        <source>Cannot find the server “%1”. Check the address.</source>
        <translation>Cannot find the server “%1”. Check the address.</translation>
    </message>
    <message>
        <source>The server answered in a way Nestbox does not understand. Check the server address.</source>
        <translation>The server answered in a way Nestbox does not understand. Check the server address.</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>The server did not answer in time.</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check that it is running and that this computer is online.</source>
        <translation>Cannot reach the server. Check that it is running and that this computer is online.</translation>
    </message>
    <message>
        <source>The server did not understand the request. Nestbox may need an update.</source>
        <translation>The server did not understand the request. Nestbox may need an update.</translation>
    </message>
    <message>
        <source>The list changed its order; it will be loaded again.</source>
        <translation>The list changed its order; it will be loaded again.</translation>
    </message>
    <message>
        <source>A user name has 3 to 32 letters, digits, dots, dashes or underscores.</source>
        <translation>A user name has 3 to 32 letters, digits, dots, dashes or underscores.</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>The password must have at least 8 characters.</translation>
    </message>
    <message>
        <source>That name cannot be used. Names cannot contain / or \ and cannot be empty.</source>
        <translation>That name cannot be used. Names cannot contain / or \ and cannot be empty.</translation>
    </message>
    <message>
        <source>The file size is not valid.</source>
        <translation>The file size is not valid.</translation>
    </message>
    <message>
        <source>A piece of the file was sent wrongly; it will be sent again.</source>
        <translation>A piece of the file was sent wrongly; it will be sent again.</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again.</source>
        <translation>Your session has ended. Sign in again.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>The current password is wrong.</translation>
    </message>
    <message>
        <source>This server does not allow creating new accounts. Ask its owner for one.</source>
        <translation>This server does not allow creating new accounts. Ask its owner for one.</translation>
    </message>
    <message>
        <source>This account is disabled. Ask the server&apos;s owner.</source>
        <translation>This account is disabled. Ask the server&apos;s owner.</translation>
    </message>
    <message>
        <source>It is not there any more. It may have been deleted.</source>
        <translation>It is not there any more. It may have been deleted.</translation>
    </message>
    <message>
        <source>There is no preview for this file.</source>
        <translation>There is no preview for this file.</translation>
    </message>
    <message>
        <source>That user name is taken. Choose another one.</source>
        <translation>That user name is taken. Choose another one.</translation>
    </message>
    <message>
        <source>This upload is already complete.</source>
        <translation>This upload is already complete.</translation>
    </message>
    <message>
        <source>Some pieces of the file have not reached the server yet.</source>
        <translation>Some pieces of the file have not reached the server yet.</translation>
    </message>
    <message>
        <source>The server is still busy with this upload. It will be tried again.</source>
        <translation>The server is still busy with this upload. It will be tried again.</translation>
    </message>
    <message>
        <source>The upload waited too long and expired on the server; it starts again.</source>
        <translation>The upload waited too long and expired on the server; it starts again.</translation>
    </message>
    <message>
        <source>The file is larger than this server accepts.</source>
        <translation>The file is larger than this server accepts.</translation>
    </message>
    <message>
        <source>The download could not continue where it stopped; it starts again.</source>
        <translation>The download could not continue where it stopped; it starts again.</translation>
    </message>
    <message>
        <source>The file arrived damaged on the server (checksum mismatch). Was it changed while uploading?</source>
        <translation>The file arrived damaged on the server (checksum mismatch). Was it changed while uploading?</translation>
    </message>
    <message>
        <source>A piece of the file arrived damaged; it will be sent again.</source>
        <translation>A piece of the file arrived damaged; it will be sent again.</translation>
    </message>
    <message>
        <source>The server could not confirm the file; it will be uploaded in full.</source>
        <translation>The server could not confirm the file; it will be uploaded in full.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation>Too many attempts. Wait a few minutes and try again.</translation>
    </message>
    <message>
        <source>The server had an internal problem. Try again later.</source>
        <translation>The server had an internal problem. Try again later.</translation>
    </message>
    <message>
        <source>The server is temporarily unavailable. Try again later.</source>
        <translation>The server is temporarily unavailable. Try again later.</translation>
    </message>
    <message>
        <source>Your storage on the server is full.</source>
        <translation>Your storage on the server is full.</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>The server refused the request.</translation>
    </message>
    <message>
        <source>The server %1 uses a certificate this computer does not know yet. Its fingerprint is %2. Trust it only if it is the same as the one shown on the computer hosting the server.</source>
        <translation>The server %1 uses a certificate this computer does not know yet. Its fingerprint is %2. Trust it only if it is the same as the one shown on the computer hosting the server.</translation>
    </message>
    <message>
        <source>Only the server&apos;s administrator can do this.</source>
        <translation>Only the server&apos;s administrator can do this.</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>You cannot disable your own account.</translation>
    </message>
    <message>
        <source>This invitation code is not valid: it may be mistyped, used already or expired. Ask for a new one.</source>
        <translation>This invitation code is not valid: it may be mistyped, used already or expired. Ask for a new one.</translation>
    </message>
    <message>
        <source>Warning: the certificate of %1 has changed since you trusted it (it is now %2). Nestbox refuses to connect: someone may be pretending to be your server. If the server was reinstalled on purpose, remove the old certificate under Server ▸ Trusted Servers… and connect again.</source>
        <translation>Warning: the certificate of %1 has changed since you trusted it (it is now %2). Nestbox refuses to connect: someone may be pretending to be your server. If the server was reinstalled on purpose, remove the old certificate under Server ▸ Trusted Servers… and connect again.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Nestbox, the family photo album</source>
        <translation>Nestbox, the family photo album</translation>
    </message>
    <message>
        <source>address</source>
        <translation>address</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
    <message>
        <source>Fill in this server address to sign in.</source>
        <translation>Fill in this server address to sign in.</translation>
    </message>
    <message>
        <source>Fill in this user name to sign in.</source>
        <translation>Fill in this user name to sign in.</translation>
    </message>
    <message>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <source>Read the password from this file (its first line) and sign in at once (with --server and --user).</source>
        <translation>Read the password from this file (its first line) and sign in at once (with --server and --user).</translation>
    </message>
    <message>
        <source>Run an automation script (for tests and screenshots); see app/ui/AutomationScript.h.</source>
        <translation>Run an automation script (for tests and screenshots); see app/ui/AutomationScript.h.</translation>
    </message>
    <message>
        <source>Save a PNG picture of the main window once it is shown, then quit.</source>
        <translation>Save a PNG picture of the main window once it is shown, then quit.</translation>
    </message>
</context>
<context>
    <name>nestbox::AbstractApiJob</name>
    <message>
        <source>The request could not be sent.</source>
        <translation>The request could not be sent.</translation>
    </message>
    <message>
        <source>The server answered in a way Nestbox does not understand. Check the server address.</source>
        <translation>The server answered in a way Nestbox does not understand. Check the server address.</translation>
    </message>
</context>
<context>
    <name>nestbox::Account</name>
    <message>
        <source>%1 on %2</source>
        <translation>%1 on %2</translation>
    </message>
</context>
<context>
    <name>nestbox::AdminDialog</name>
    <message>
        <source>New password:</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>Again:</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>The two passwords are not the same.</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>The password must have at least 8 characters.</translation>
    </message>
    <message>
        <source>&amp;New Account…</source>
        <translation>&amp;New Account…</translation>
    </message>
    <message>
        <source>&amp;Invite…</source>
        <translation>&amp;Invite…</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>&amp;Disable</translation>
    </message>
    <message>
        <source>Reset &amp;Password…</source>
        <translation>Reset &amp;Password…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Family Accounts</source>
        <translation>Family Accounts</translation>
    </message>
    <message>
        <source>Everyone with an account on this server, and the storage their photos take.</source>
        <translation>Everyone with an account on this server, and the storage their photos take.</translation>
    </message>
    <message>
        <source>Invitation codes appear here</source>
        <translation>Invitation codes appear here</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>Invitation code:</source>
        <translation>Invitation code:</translation>
    </message>
    <message>
        <source>Could not load the accounts: %1</source>
        <translation>Could not load the accounts: %1</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>Valid until %1</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>&amp;Enable</translation>
    </message>
    <message>
        <source>You cannot disable your own account</source>
        <translation>You cannot disable your own account</translation>
    </message>
    <message>
        <source>New Account</source>
        <translation>New Account</translation>
    </message>
    <message>
        <source>User name (3 to 32 letters, digits, dots, dashes or underscores):</source>
        <translation>User name (3 to 32 letters, digits, dots, dashes or underscores):</translation>
    </message>
    <message>
        <source>A first password for “%1”. Tell it to them; they can change it later.</source>
        <translation>A first password for “%1”. Tell it to them; they can change it later.</translation>
    </message>
    <message>
        <source>Disable Account</source>
        <translation>Disable Account</translation>
    </message>
    <message>
        <source>Disable “%1”? They cannot sign in or upload until you enable the account again. Their photos stay.</source>
        <translation>Disable “%1”? They cannot sign in or upload until you enable the account again. Their photos stay.</translation>
    </message>
    <message>
        <source>Reset Password</source>
        <translation>Reset Password</translation>
    </message>
    <message>
        <source>A new password for “%1”. Their devices must sign in again.</source>
        <translation>A new password for “%1”. Their devices must sign in again.</translation>
    </message>
    <message>
        <source>Change the password of “%1” now?</source>
        <translation>Change the password of “%1” now?</translation>
    </message>
</context>
<context>
    <name>nestbox::AdminUsersModel</name>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>Storage used</source>
        <translation>Storage used</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>%1 (admin)</source>
        <translation>%1 (admin)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Account created %1</source>
        <translation>Account created %1</translation>
    </message>
    <message>
        <source>Account “%1” created.</source>
        <translation>Account “%1” created.</translation>
    </message>
    <message>
        <source>Account “%1” disabled: it cannot sign in or upload.</source>
        <translation>Account “%1” disabled: it cannot sign in or upload.</translation>
    </message>
    <message>
        <source>Account “%1” enabled again.</source>
        <translation>Account “%1” enabled again.</translation>
    </message>
    <message>
        <source>The password of “%1” was changed.</source>
        <translation>The password of “%1” was changed.</translation>
    </message>
    <message>
        <source>Invitation code created.</source>
        <translation>Invitation code created.</translation>
    </message>
</context>
<context>
    <name>nestbox::ChunkDevice</name>
    <message>
        <source>A chunk of a file is read-only.</source>
        <translation>A chunk of a file is read-only.</translation>
    </message>
    <message>
        <source>The file is shorter than expected; it has changed.</source>
        <translation>The file is shorter than expected; it has changed.</translation>
    </message>
</context>
<context>
    <name>nestbox::CreateUploadJob</name>
    <message>
        <source>The server answered the upload in a way Nestbox does not understand.</source>
        <translation>The server answered the upload in a way Nestbox does not understand.</translation>
    </message>
</context>
<context>
    <name>nestbox::DiscoveryModel</name>
    <message>
        <source>Cannot look for servers on your network: the system message bus is not available.</source>
        <translation>Cannot look for servers on your network: the system message bus is not available.</translation>
    </message>
    <message>
        <source>Cannot look for servers on your network: the Avahi service (avahi-daemon) is not running.</source>
        <translation>Cannot look for servers on your network: the Avahi service (avahi-daemon) is not running.</translation>
    </message>
    <message>
        <source>Cannot look for servers on your network: %1</source>
        <translation>Cannot look for servers on your network: %1</translation>
    </message>
    <message>
        <source>Looking for Nestbox servers on your network…</source>
        <translation>Looking for Nestbox servers on your network…</translation>
    </message>
    <message>
        <source>Looking for servers on your network failed: %1</source>
        <translation>Looking for servers on your network failed: %1</translation>
    </message>
    <message>
        <source>No Nestbox server found on your network yet.</source>
        <translation>No Nestbox server found on your network yet.</translation>
    </message>
    <message numerus="yes">
        <source>Found %n Nestbox server(s) on your network.</source>
        <translation>
            <numerusform>Found %n Nestbox server on your network.</numerusform>
            <numerusform>Found %n Nestbox servers on your network.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1
Certificate fingerprint %2</source>
        <translation>%1
Certificate fingerprint %2</translation>
    </message>
</context>
<context>
    <name>nestbox::DownloadJob</name>
    <message>
        <source>Cannot write to %1: %2</source>
        <translation>Cannot write to %1: %2</translation>
    </message>
    <message>
        <source>Cannot read back %1: %2</source>
        <translation>Cannot read back %1: %2</translation>
    </message>
    <message>
        <source>The downloaded file is damaged (its checksum does not match); download it again.</source>
        <translation>The downloaded file is damaged (its checksum does not match); download it again.</translation>
    </message>
    <message>
        <source>Cannot move the download to %1.</source>
        <translation>Cannot move the download to %1.</translation>
    </message>
</context>
<context>
    <name>nestbox::FileDownloader</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>nestbox::FileHasher</name>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <source>The file changed while it was being read.</source>
        <translation>The file changed while it was being read.</translation>
    </message>
</context>
<context>
    <name>nestbox::FileUpload</name>
    <message>
        <source>The file is no longer there: %1</source>
        <translation>The file is no longer there: %1</translation>
    </message>
    <message>
        <source>The upload had to start again too often; is the file being changed?</source>
        <translation>The upload had to start again too often; is the file being changed?</translation>
    </message>
    <message>
        <source>The upload had to start again too often.</source>
        <translation>The upload had to start again too often.</translation>
    </message>
    <message>
        <source>Waiting for the server… (%1)</source>
        <translation>Waiting for the server… (%1)</translation>
    </message>
</context>
<context>
    <name>nestbox::HostingController</name>
    <message>
        <source>given: %1</source>
        <translation>given: %1</translation>
    </message>
    <message>
        <source>next to the app: %1</source>
        <translation>next to the app: %1</translation>
    </message>
    <message>
        <source>from the build tree: %1</source>
        <translation>from the build tree: %1</translation>
    </message>
    <message>
        <source>installed: %1</source>
        <translation>installed: %1</translation>
    </message>
    <message>
        <source>no nestboxd next to the app, in the build tree or on the PATH</source>
        <translation>no nestboxd next to the app, in the build tree or on the PATH</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>Not running.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>Could not start: %1</translation>
    </message>
    <message>
        <source>The Nestbox server installed on this computer is running (%1).</source>
        <translation>The Nestbox server installed on this computer is running (%1).</translation>
    </message>
    <message>
        <source>Running (process %1): this app uses %2, the family connects on port %3.</source>
        <translation>Running (process %1): this app uses %2, the family connects on port %3.</translation>
    </message>
    <message>
        <source>Running (process %1) on %2 only: this nestboxd has no secure port for other computers.</source>
        <translation>Running (process %1) on %2 only: this nestboxd has no secure port for other computers.</translation>
    </message>
    <message>
        <source>Join our family album: open Nestbox and connect to %1</source>
        <translation>Join our family album: open Nestbox and connect to %1</translation>
    </message>
    <message>
        <source>Join our family album: open Nestbox and connect to %1 — fingerprint %2</source>
        <translation>Join our family album: open Nestbox and connect to %1 — fingerprint %2</translation>
    </message>
    <message>
        <source>The Nestbox service of this computer (%1) is running but does not answer at %2.</source>
        <translation>The Nestbox service of this computer (%1) is running but does not answer at %2.</translation>
    </message>
    <message>
        <source>Nestbox cannot find its server program (%1). Reinstall Nestbox or install the nestbox-server package.</source>
        <translation>Nestbox cannot find its server program (%1). Reinstall Nestbox or install the nestbox-server package.</translation>
    </message>
    <message>
        <source>Cannot create the server&apos;s folder %1.</source>
        <translation>Cannot create the server&apos;s folder %1.</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>Cannot run %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>The server did not start within %n second(s). Its log: %1</source>
        <translation>
            <numerusform>The server did not start within %n second. Its log: %1</numerusform>
            <numerusform>The server did not start within %n seconds. Its log: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The server stopped unexpectedly. Its log: %1</source>
        <translation>The server stopped unexpectedly. Its log: %1</translation>
    </message>
    <message>
        <source>The server exited (code %1). Its log: %2</source>
        <translation>The server exited (code %1). Its log: %2</translation>
    </message>
</context>
<context>
    <name>nestbox::HostingDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>&amp;Start Server</source>
        <translation>&amp;Start Server</translation>
    </message>
    <message>
        <source>S&amp;top Server</source>
        <translation>S&amp;top Server</translation>
    </message>
    <message>
        <source>Host a Nestbox Server</source>
        <translation>Host a Nestbox Server</translation>
    </message>
    <message>
        <source>Host your family album on this computer</source>
        <translation>Host your family album on this computer</translation>
    </message>
    <message>
        <source>This computer keeps everyone&apos;s photos while Nestbox runs here. The others in your home connect with the invitation below; their app asks them once to trust this computer&apos;s fingerprint.</source>
        <translation>This computer keeps everyone&apos;s photos while Nestbox runs here. The others in your home connect with the invitation below; their app asks them once to trust this computer&apos;s fingerprint.</translation>
    </message>
    <message>
        <source>Start the server to get an invitation</source>
        <translation>Start the server to get an invitation</translation>
    </message>
    <message>
        <source>Copy the invitation, then send it to your family</source>
        <translation>Copy the invitation, then send it to your family</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Addresses:</source>
        <translation>Addresses:</translation>
    </message>
    <message>
        <source>Invitation:</source>
        <translation>Invitation:</translation>
    </message>
    <message>
        <source>Server program:</source>
        <translation>Server program:</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copied</translation>
    </message>
    <message>
        <source>This computer is not connected to a network.</source>
        <translation>This computer is not connected to a network.</translation>
    </message>
    <message>
        <source>the Nestbox service installed on this computer</source>
        <translation>the Nestbox service installed on this computer</translation>
    </message>
    <message>
        <source>chosen when the server starts</source>
        <translation>chosen when the server starts</translation>
    </message>
    <message>
        <source>Start this server &amp;whenever Nestbox starts</source>
        <translation>Start this server &amp;whenever Nestbox starts</translation>
    </message>
    <message>
        <source>The Nestbox service installed on this computer is started and stopped by the system, not by this app</source>
        <translation>The Nestbox service installed on this computer is started and stopped by the system, not by this app</translation>
    </message>
</context>
<context>
    <name>nestbox::LoginJob</name>
    <message>
        <source>The server accepted the sign-in but sent no session token.</source>
        <translation>The server accepted the sign-in but sent no session token.</translation>
    </message>
</context>
<context>
    <name>nestbox::MainWindow</name>
    <message>
        <source>Nestbox</source>
        <translation>Nestbox</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Nestbox</source>
        <translation>&amp;About Nestbox</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>About &amp;Qt</translation>
    </message>
    <message>
        <source>About Nestbox</source>
        <translation>About Nestbox</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;A private photo album for your family, kept on a computer you own.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;A private photo album for your family, kept on a computer you own.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Your album is empty</source>
        <translation>Your album is empty</translation>
    </message>
    <message>
        <source>Drop photos or whole folders here, or click “Add Photos…” to upload them.</source>
        <translation>Drop photos or whole folders here, or click “Add Photos…” to upload them.</translation>
    </message>
    <message>
        <source>Could not load the album: %1</source>
        <translation>Could not load the album: %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Downloading %1 of %2…</source>
        <translation>Downloading %1 of %2…</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) downloaded to %1</source>
        <translation>
            <numerusform>%n file downloaded to %1</numerusform>
            <numerusform>%n files downloaded to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be downloaded.</source>
        <translation>
            <numerusform>%n file could not be downloaded.</numerusform>
            <numerusform>%n files could not be downloaded.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Add Photos…</source>
        <translation>&amp;Add Photos…</translation>
    </message>
    <message>
        <source>Upload photos and files to your album (you can also drop them on the window)</source>
        <translation>Upload photos and files to your album (you can also drop them on the window)</translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation>Add &amp;Folder…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>&amp;Download…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Rename…</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>De&amp;lete…</translation>
    </message>
    <message>
        <source>&amp;Copy Name</source>
        <translation>&amp;Copy Name</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Find…</translation>
    </message>
    <message>
        <source>&amp;Pause All Uploads</source>
        <translation>&amp;Pause All Uploads</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Res&amp;ume All Uploads</source>
        <translation>Res&amp;ume All Uploads</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Re&amp;try Failed Uploads</source>
        <translation>Re&amp;try Failed Uploads</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>S&amp;witch Account…</source>
        <translation>S&amp;witch Account…</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>Sign &amp;Out</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>Select &amp;All</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Thumbnail &amp;Size</source>
        <translation>Thumbnail &amp;Size</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>Small</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>&amp;Uploads</source>
        <translation>&amp;Uploads</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Main Toolbar</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>Search by name</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Everything</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Videos</translation>
    </message>
    <message>
        <source>Other files</source>
        <translation>Other files</translation>
    </message>
    <message>
        <source>Show only one kind of file</source>
        <translation>Show only one kind of file</translation>
    </message>
    <message>
        <source>Newest taken first</source>
        <translation>Newest taken first</translation>
    </message>
    <message>
        <source>Oldest taken first</source>
        <translation>Oldest taken first</translation>
    </message>
    <message>
        <source>Recently uploaded</source>
        <translation>Recently uploaded</translation>
    </message>
    <message>
        <source>Name A–Z</source>
        <translation>Name A–Z</translation>
    </message>
    <message>
        <source>Sort order</source>
        <translation>Sort order</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Uploads</source>
        <translation>Uploads</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>&amp;Uploads Panel</source>
        <translation>&amp;Uploads Panel</translation>
    </message>
    <message>
        <source>Uploads finished: %1 done, %2 failed</source>
        <translation>Uploads finished: %1 done, %2 failed</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) uploaded</source>
        <translation>
            <numerusform>%n file uploaded</numerusform>
            <numerusform>%n files uploaded</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploads – %1 %</source>
        <translation>Uploads – %1 %</translation>
    </message>
    <message>
        <source>Not signed in – use File ▸ Switch Account… to sign in</source>
        <translation>Not signed in – use File ▸ Switch Account… to sign in</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 on %2</translation>
    </message>
    <message>
        <source>Nestbox – %1</source>
        <translation>Nestbox – %1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>%1 of %2 used</translation>
    </message>
    <message>
        <source>Nothing to upload there.</source>
        <translation>Nothing to upload there.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added to the upload queue</source>
        <translation>
            <numerusform>%n file added to the upload queue</numerusform>
            <numerusform>%n files added to the upload queue</numerusform>
        </translation>
    </message>
    <message>
        <source>Add Photos</source>
        <translation>Add Photos</translation>
    </message>
    <message>
        <source>Photos and videos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.gif *.tif *.tiff *.avif *.mp4 *.mov *.m4v);;All files (*)</source>
        <translation>Photos and videos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.gif *.tif *.tiff *.avif *.mp4 *.mov *.m4v);;All files (*)</translation>
    </message>
    <message>
        <source>Add a Folder</source>
        <translation>Add a Folder</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message numerus="yes">
        <source>Download %n file(s) to</source>
        <translation>
            <numerusform>Download %n file to</numerusform>
            <numerusform>Download %n files to</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Rename</translation>
    </message>
    <message>
        <source>New name for “%1”:</source>
        <translation>New name for “%1”:</translation>
    </message>
    <message>
        <source>Delete “%1” from your album?</source>
        <translation>Delete “%1” from your album?</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file(s) from your album?</source>
        <translation>
            <numerusform>Delete %n file from your album?</numerusform>
            <numerusform>Delete %n files from your album?</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>They are removed from the server for good. Copies on this computer stay.</source>
        <translation>They are removed from the server for good. Copies on this computer stay.</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerInfoJob</name>
    <message>
        <source>The server at %1 answered, but it is not a Nestbox server.</source>
        <translation>The server at %1 answered, but it is not a Nestbox server.</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerMenu</name>
    <message>
        <source>Se&amp;rver</source>
        <translation>Se&amp;rver</translation>
    </message>
    <message>
        <source>&amp;Host a Server on This Computer…</source>
        <translation>&amp;Host a Server on This Computer…</translation>
    </message>
    <message>
        <source>Family &amp;Accounts…</source>
        <translation>Family &amp;Accounts…</translation>
    </message>
    <message>
        <source>&amp;Trusted Servers…</source>
        <translation>&amp;Trusted Servers…</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerProbe</name>
    <message>
        <source>Type the address of your Nestbox server.</source>
        <translation>Type the address of your Nestbox server.</translation>
    </message>
    <message>
        <source>“%1” is not a server address. Type something like http://nestbox.local:8080.</source>
        <translation>“%1” is not a server address. Type something like http://nestbox.local:8080.</translation>
    </message>
    <message>
        <source>The server at %1 answered, but it is not a Nestbox server. Check the address and the port.</source>
        <translation>The server at %1 answered, but it is not a Nestbox server. Check the address and the port.</translation>
    </message>
    <message>
        <source>Cannot find the server “%1”. Check the address for typing mistakes.</source>
        <translation>Cannot find the server “%1”. Check the address for typing mistakes.</translation>
    </message>
    <message numerus="yes">
        <source>The server at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>The server at %1 did not answer within %n second.</numerusform>
            <numerusform>The server at %1 did not answer within %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open a secure connection to %1: %2</source>
        <translation>Cannot open a secure connection to %1: %2</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check that it is running and that this computer can reach it.</source>
        <translation>Cannot reach the server at %1. Check that it is running and that this computer can reach it.</translation>
    </message>
    <message>
        <source>The Nestbox server at %1 has a problem: %2. Try again in a moment.</source>
        <translation>The Nestbox server at %1 has a problem: %2. Try again in a moment.</translation>
    </message>
    <message>
        <source>The server at %1 answered with error %2. Try again in a moment.</source>
        <translation>The server at %1 answered with error %2. Try again in a moment.</translation>
    </message>
    <message>
        <source>“%1” speaks version %2 of the Nestbox protocol, but this app speaks version %3. Update the app or the server.</source>
        <translation>“%1” speaks version %2 of the Nestbox protocol, but this app speaks version %3. Update the app or the server.</translation>
    </message>
</context>
<context>
    <name>nestbox::SettingsDialog</name>
    <message>
        <source>Tell me when a batch of uploads is done</source>
        <translation>Tell me when a batch of uploads is done</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Same as the system</translation>
    </message>
    <message>
        <source> files at a time</source>
        <translation> files at a time</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>Uploads</source>
        <translation>Uploads</translation>
    </message>
    <message>
        <source>&amp;Upload:</source>
        <translation>&amp;Upload:</translation>
    </message>
    <message>
        <source>&amp;Bandwidth limit:</source>
        <translation>&amp;Bandwidth limit:</translation>
    </message>
    <message>
        <source>Nestbox speaks the new language as soon as you press OK.</source>
        <translation>Nestbox speaks the new language as soon as you press OK.</translation>
    </message>
</context>
<context>
    <name>nestbox::SignInDialog</name>
    <message>
        <source>Con&amp;firm password:</source>
        <translation>Con&amp;firm password:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Sign In to Nestbox</source>
        <translation>Sign In to Nestbox</translation>
    </message>
    <message>
        <source>for example nas.local:8080</source>
        <translation>for example nas.local:8080</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>your user name</translation>
    </message>
    <message>
        <source>password</source>
        <translation>password</translation>
    </message>
    <message>
        <source>the same password again</source>
        <translation>the same password again</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Your session has ended. Enter your password to carry on where you left off; paused uploads continue by themselves.</source>
        <translation>Your session has ended. Enter your password to carry on where you left off; paused uploads continue by themselves.</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>Create your account</translation>
    </message>
    <message>
        <source>Sign in to your album</source>
        <translation>Sign in to your album</translation>
    </message>
    <message>
        <source>Choose a user name and a password of at least 8 characters. The first account on a server looks after it.</source>
        <translation>Choose a user name and a password of at least 8 characters. The first account on a server looks after it.</translation>
    </message>
    <message>
        <source>Enter the address of your family&apos;s Nestbox server and your account.</source>
        <translation>Enter the address of your family&apos;s Nestbox server and your account.</translation>
    </message>
    <message>
        <source>&amp;Create Account</source>
        <translation>&amp;Create Account</translation>
    </message>
    <message>
        <source>&amp;Sign In</source>
        <translation>&amp;Sign In</translation>
    </message>
    <message>
        <source>I already have an account</source>
        <translation>I already have an account</translation>
    </message>
    <message>
        <source>Create an account…</source>
        <translation>Create an account…</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>The two passwords are not the same.</translation>
    </message>
    <message>
        <source>“%1” is not a server address. Type it like nas.local:8080 or https://photos.example.org.</source>
        <translation>“%1” is not a server address. Type it like nas.local:8080 or https://photos.example.org.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Connecting to %1…</translation>
    </message>
    <message>
        <source>Creating your account…</source>
        <translation>Creating your account…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>The user name or the password is wrong. Check both (capital letters count) and try again.</source>
        <translation>The user name or the password is wrong. Check both (capital letters count) and try again.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passwords for this account. Wait %n minute(s), then try again.</source>
        <translation>
            <numerusform>Too many wrong passwords for this account. Wait %n minute, then try again.</numerusform>
            <numerusform>Too many wrong passwords for this account. Wait %n minutes, then try again.</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing in did not work (%1).</source>
        <translation>Signing in did not work (%1).</translation>
    </message>
    <message>
        <source>&amp;Invitation code:</source>
        <translation>&amp;Invitation code:</translation>
    </message>
    <message>
        <source>Host a server on this computer…</source>
        <translation>Host a server on this computer…</translation>
    </message>
    <message>
        <source>from the server&apos;s administrator, if you got one</source>
        <translation>from the server&apos;s administrator, if you got one</translation>
    </message>
    <message>
        <source>Nestbox servers found on your network: click one to use it</source>
        <translation>Nestbox servers found on your network: click one to use it</translation>
    </message>
    <message>
        <source>On your network:</source>
        <translation>On your network:</translation>
    </message>
    <message>
        <source>This is the first time this computer connects to %1. Its certificate fingerprint is:

%2

</source>
        <translation>This is the first time this computer connects to %1. Its certificate fingerprint is:

%2

</translation>
    </message>
    <message>
        <source>It matches the fingerprint announced on your network.</source>
        <translation>It matches the fingerprint announced on your network.</translation>
    </message>
    <message>
        <source>Careful: it does NOT match the fingerprint announced on your network (%1).</source>
        <translation>Careful: it does NOT match the fingerprint announced on your network (%1).</translation>
    </message>
    <message>
        <source>Waiting for your answer about the server&apos;s certificate…</source>
        <translation>Waiting for your answer about the server&apos;s certificate…</translation>
    </message>
    <message>
        <source>Trust this server?</source>
        <translation>Trust this server?</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>&amp;Trust</translation>
    </message>
    <message>
        <source>Do &amp;Not Trust</source>
        <translation>Do &amp;Not Trust</translation>
    </message>
    <message>
        <source>Not connected: you did not trust the certificate of %1.</source>
        <translation>Not connected: you did not trust the certificate of %1.</translation>
    </message>
    <message>
        <source>This server takes new accounts only with an invitation code. Ask the person who runs it for a code, or for an account.</source>
        <translation>This server takes new accounts only with an invitation code. Ask the person who runs it for a code, or for an account.</translation>
    </message>
    <message>
        <source>Compare it with the fingerprint shown on the computer hosting the server (in Nestbox there: Server ▸ Host a Server on This Computer…). Trust this server?</source>
        <translation>Compare it with the fingerprint shown on the computer hosting the server (in Nestbox there: Server ▸ Host a Server on This Computer…). Trust this server?</translation>
    </message>
</context>
<context>
    <name>nestbox::TimelineModel</name>
    <message>
        <source>MMMM yyyy</source>
        <extracomment>QDate::toString() pattern of a month header in the timeline (&quot;March 2024&quot;); zh_CN: yyyy年M月</extracomment>
        <translation>MMMM yyyy</translation>
    </message>
</context>
<context>
    <name>nestbox::TimelineView</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) so far</source>
        <translation>
            <numerusform>%n item so far</numerusform>
            <numerusform>%n items so far</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading your album…</source>
        <translation>Loading your album…</translation>
    </message>
</context>
<context>
    <name>nestbox::TokenStore</name>
    <message>
        <source>the system keychain</source>
        <translation>the system keychain</translation>
    </message>
    <message>
        <source>a file only you can read (%1)</source>
        <translation>a file only you can read (%1)</translation>
    </message>
    <message>
        <source>the system keychain, if one is available</source>
        <translation>the system keychain, if one is available</translation>
    </message>
</context>
<context>
    <name>nestbox::TrayIcon</name>
    <message>
        <source>Show Nestbox</source>
        <translation>Show Nestbox</translation>
    </message>
    <message>
        <source>Pause All Uploads</source>
        <translation>Pause All Uploads</translation>
    </message>
    <message>
        <source>Resume All Uploads</source>
        <translation>Resume All Uploads</translation>
    </message>
    <message>
        <source>Quit Nestbox</source>
        <translation>Quit Nestbox</translation>
    </message>
    <message>
        <source>Nestbox</source>
        <translation>Nestbox</translation>
    </message>
    <message>
        <source>Nestbox – %1</source>
        <translation>Nestbox – %1</translation>
    </message>
    <message>
        <source>Uploads finished with problems</source>
        <translation>Uploads finished with problems</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) uploaded</source>
        <translation>
            <numerusform>%n file uploaded</numerusform>
            <numerusform>%n files uploaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be uploaded; open Nestbox to retry them.</source>
        <translation>
            <numerusform>%n file could not be uploaded; open Nestbox to retry it.</numerusform>
            <numerusform>%n files could not be uploaded; open Nestbox to retry them.</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploads finished</source>
        <translation>Uploads finished</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are now in your album.</source>
        <translation>
            <numerusform>%n file is now in your album.</numerusform>
            <numerusform>%n files are now in your album.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nestbox::TrustedServersDialog</name>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Remove…</translation>
    </message>
    <message>
        <source>Trusted Servers</source>
        <translation>Trusted Servers</translation>
    </message>
    <message>
        <source>Nestbox connects only to these servers&apos; certificates. If a server was reinstalled on purpose, remove its old certificate here; Nestbox asks about the new one on the next sign-in.</source>
        <translation>Nestbox connects only to these servers&apos; certificates. If a server was reinstalled on purpose, remove its old certificate here; Nestbox asks about the new one on the next sign-in.</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Certificate fingerprint (SHA-256)</source>
        <translation>Certificate fingerprint (SHA-256)</translation>
    </message>
    <message>
        <source>Remove Trusted Certificate</source>
        <translation>Remove Trusted Certificate</translation>
    </message>
    <message>
        <source>Forget the certificate of %1? Do this only if you know the server was reinstalled or got a new certificate. Nestbox will ask you to trust the certificate it shows next time.</source>
        <translation>Forget the certificate of %1? Do this only if you know the server was reinstalled or got a new certificate. Nestbox will ask you to trust the certificate it shows next time.</translation>
    </message>
</context>
<context>
    <name>nestbox::UploadEngine</name>
    <message>
        <source>Waiting for you to sign in again.</source>
        <translation>Waiting for you to sign in again.</translation>
    </message>
</context>
<context>
    <name>nestbox::UploadItemDelegate</name>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s) left</source>
        <translation>
            <numerusform>%n second left</numerusform>
            <numerusform>%n seconds left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) left</source>
        <translation>
            <numerusform>%n minute left</numerusform>
            <numerusform>%n minutes left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) left</source>
        <translation>
            <numerusform>%n hour left</numerusform>
            <numerusform>%n hours left</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>already on the server, nothing sent</source>
        <translation>already on the server, nothing sent</translation>
    </message>
</context>
<context>
    <name>nestbox::UploadPanel</name>
    <message>
        <source>Pause All</source>
        <translation>Pause All</translation>
    </message>
    <message>
        <source>Resume All</source>
        <translation>Resume All</translation>
    </message>
    <message>
        <source>Retry Failed</source>
        <translation>Retry Failed</translation>
    </message>
    <message>
        <source>Clear Finished</source>
        <translation>Clear Finished</translation>
    </message>
    <message>
        <source>No uploads. Drop photos or folders on the window to add them.</source>
        <translation>No uploads. Drop photos or folders on the window to add them.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n file(s) uploaded</source>
        <translation>
            <numerusform>%1 of %n file uploaded</numerusform>
            <numerusform>%1 of %n files uploaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paused</source>
        <translation>
            <numerusform>%n paused</numerusform>
            <numerusform>%n paused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nestbox::UploadState</name>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>Checking</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Uploading</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>Uploaded</translation>
    </message>
    <message>
        <source>Already on the server</source>
        <translation>Already on the server</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>Canceled</translation>
    </message>
</context>
<context>
    <name>nestbox::ViewerDialog</name>
    <message>
        <source>Previous (Left arrow)</source>
        <translation>Previous (Left arrow)</translation>
    </message>
    <message>
        <source>Next (Right arrow)</source>
        <translation>Next (Right arrow)</translation>
    </message>
    <message>
        <source>Fit to window or show at 100 % (F)</source>
        <translation>Fit to window or show at 100 % (F)</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>No preview for this kind of file.</source>
        <translation>No preview for this kind of file.</translation>
    </message>
    <message>
        <source>No preview for this file.</source>
        <translation>No preview for this file.</translation>
    </message>
    <message>
        <source>%1 – Nestbox</source>
        <translation>%1 – Nestbox</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>preview</source>
        <translation>preview</translation>
    </message>
</context>
</TS>
