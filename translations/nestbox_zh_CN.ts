<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApiError</name>
    <message>
        <source>The server had a problem (HTTP %1). Try again later.</source>
        <translation>服务器出了问题（HTTP %1）。请稍后再试。</translation>
    </message>
    <message>
        <source>The server answered in a way Nestbox does not understand (HTTP %1). Check the server address.</source>
        <translation>服务器的回答 Nestbox 无法理解（HTTP %1）。请检查服务器地址。</translation>
    </message>
    <message>
        <source>The server refused the request: %1</source>
        <translation>服务器拒绝了请求：%1</translation>
    </message>
    <message>
        <source>Cannot open a secure connection to the server: %1</source>
        <translation>无法与服务器建立安全连接：%1</translation>
    </message>
    <message>
        <source>Cannot find the server “%1”. Check the address.</source>
        <translation>找不到服务器“%1”。请检查地址。</translation>
    </message>
    <message>
        <source>The server answered in a way Nestbox does not understand. Check the server address.</source>
        <translation>服务器的回答 Nestbox 无法理解。请检查服务器地址。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>服务器没有及时回应。</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check that it is running and that this computer is online.</source>
        <translation>无法连接服务器。请确认服务器正在运行，并且这台电脑已联网。</translation>
    </message>
    <message>
        <source>The server did not understand the request. Nestbox may need an update.</source>
        <translation>服务器无法理解这个请求。Nestbox 可能需要更新。</translation>
    </message>
    <message>
        <source>The list changed its order; it will be loaded again.</source>
        <translation>列表的顺序变了，将重新加载。</translation>
    </message>
    <message>
        <source>A user name has 3 to 32 letters, digits, dots, dashes or underscores.</source>
        <translation>用户名由 3 到 32 个字母、数字、点、短横线或下划线组成。</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>That name cannot be used. Names cannot contain / or \ and cannot be empty.</source>
        <translation>不能使用这个名称。名称不能为空，也不能包含 / 或 \。</translation>
    </message>
    <message>
        <source>The file size is not valid.</source>
        <translation>文件大小无效。</translation>
    </message>
    <message>
        <source>A piece of the file was sent wrongly; it will be sent again.</source>
        <translation>文件的一部分发送出错，将重新发送。</translation>
    </message>
    <message>
        <source>Your session has ended. Sign in again.</source>
        <translation>登录已过期，请重新登录。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>The current password is wrong.</source>
        <translation>当前密码不正确。</translation>
    </message>
    <message>
        <source>This server does not allow creating new accounts. Ask its owner for one.</source>
        <translation>这台服务器不允许创建新账户。请向服务器的管理者申请。</translation>
    </message>
    <message>
        <source>This account is disabled. Ask the server&apos;s owner.</source>
        <translation>这个账户已被停用。请联系服务器的管理者。</translation>
    </message>
    <message>
        <source>It is not there any more. It may have been deleted.</source>
        <translation>它已经不在了，可能已被删除。</translation>
    </message>
    <message>
        <source>There is no preview for this file.</source>
        <translation>这个文件没有预览。</translation>
    </message>
    <message>
        <source>That user name is taken. Choose another one.</source>
        <translation>这个用户名已被使用，请换一个。</translation>
    </message>
    <message>
        <source>This upload is already complete.</source>
        <translation>这次上传已经完成。</translation>
    </message>
    <message>
        <source>Some pieces of the file have not reached the server yet.</source>
        <translation>文件还有部分内容没有到达服务器。</translation>
    </message>
    <message>
        <source>The server is still busy with this upload. It will be tried again.</source>
        <translation>服务器仍在处理这次上传，稍后会再试。</translation>
    </message>
    <message>
        <source>The upload waited too long and expired on the server; it starts again.</source>
        <translation>这次上传等待太久，已在服务器上过期，将重新开始。</translation>
    </message>
    <message>
        <source>The file is larger than this server accepts.</source>
        <translation>文件超过了这台服务器允许的大小。</translation>
    </message>
    <message>
        <source>The download could not continue where it stopped; it starts again.</source>
        <translation>下载无法从中断处继续，将重新开始。</translation>
    </message>
    <message>
        <source>The file arrived damaged on the server (checksum mismatch). Was it changed while uploading?</source>
        <translation>文件到达服务器时已损坏（校验和不一致）。上传期间文件被修改了吗？</translation>
    </message>
    <message>
        <source>A piece of the file arrived damaged; it will be sent again.</source>
        <translation>文件的一部分到达时已损坏，将重新发送。</translation>
    </message>
    <message>
        <source>The server could not confirm the file; it will be uploaded in full.</source>
        <translation>服务器无法确认这个文件，将完整上传。</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation>尝试次数过多。请等几分钟再试。</translation>
    </message>
    <message>
        <source>The server had an internal problem. Try again later.</source>
        <translation>服务器内部出了问题。请稍后再试。</translation>
    </message>
    <message>
        <source>The server is temporarily unavailable. Try again later.</source>
        <translation>服务器暂时不可用。请稍后再试。</translation>
    </message>
    <message>
        <source>Your storage on the server is full.</source>
        <translation>你在服务器上的存储空间已满。</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>服务器拒绝了请求。</translation>
    </message>
    <message>
        <source>The server %1 uses a certificate this computer does not know yet. Its fingerprint is %2. Trust it only if it is the same as the one shown on the computer hosting the server.</source>
        <translation>服务器 %1 使用的证书这台电脑还不认识。它的指纹是 %2。只有当它与托管服务器的那台电脑上显示的指纹相同时才信任它。</translation>
    </message>
    <message>
        <source>Only the server&apos;s administrator can do this.</source>
        <translation>只有服务器的管理员才能这样做。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>你不能停用自己的账户。</translation>
    </message>
    <message>
        <source>This invitation code is not valid: it may be mistyped, used already or expired. Ask for a new one.</source>
        <translation>这个邀请码无效：可能输错了、已被使用或已过期。请索要一个新的。</translation>
    </message>
    <message>
        <source>Warning: the certificate of %1 has changed since you trusted it (it is now %2). Nestbox refuses to connect: someone may be pretending to be your server. If the server was reinstalled on purpose, remove the old certificate under Server ▸ Trusted Servers… and connect again.</source>
        <translation>警告：%1 的证书在你信任它之后变了（现在是 %2）。Nestbox 拒绝连接：可能有人在冒充你的服务器。如果服务器是有意重新安装的，请在“服务器 ▸ 受信任的服务器…”中删除旧证书，然后重新连接。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Nestbox, the family photo album</source>
        <translation>Nestbox 家庭相册</translation>
    </message>
    <message>
        <source>address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Fill in this server address to sign in.</source>
        <translation>填入这个服务器地址以便登录。</translation>
    </message>
    <message>
        <source>Fill in this user name to sign in.</source>
        <translation>填入这个用户名以便登录。</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Read the password from this file (its first line) and sign in at once (with --server and --user).</source>
        <translation>从这个文件（第一行）读取密码并立即登录（需同时指定 --server 和 --user）。</translation>
    </message>
    <message>
        <source>Run an automation script (for tests and screenshots); see app/ui/AutomationScript.h.</source>
        <translation>运行自动化脚本（用于测试和截图）；说明见 app/ui/AutomationScript.h。</translation>
    </message>
    <message>
        <source>Save a PNG picture of the main window once it is shown, then quit.</source>
        <translation>窗口显示后将主窗口保存为 PNG 图片，然后退出。</translation>
    </message>
</context>
<context>
    <name>nestbox::AbstractApiJob</name>
    <message>
        <source>The request could not be sent.</source>
        <translation>请求无法发送。</translation>
    </message>
    <message>
        <source>The server answered in a way Nestbox does not understand. Check the server address.</source>
        <translation>服务器的回答 Nestbox 无法理解。请检查服务器地址。</translation>
    </message>
</context>
<context>
    <name>nestbox::Account</name>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
</context>
<context>
    <name>nestbox::AdminDialog</name>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>Again:</source>
        <translation>再输一次：</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The password must have at least 8 characters.</source>
        <translation>密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>&amp;New Account…</source>
        <translation>新建账户(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Invite…</source>
        <translation>邀请(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Reset &amp;Password…</source>
        <translation>重设密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Family Accounts</source>
        <translation>家庭账户</translation>
    </message>
    <message>
        <source>Everyone with an account on this server, and the storage their photos take.</source>
        <translation>这台服务器上的所有账户，以及他们的照片占用的存储空间。</translation>
    </message>
    <message>
        <source>Invitation codes appear here</source>
        <translation>邀请码显示在这里</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Invitation code:</source>
        <translation>邀请码：</translation>
    </message>
    <message>
        <source>Could not load the accounts: %1</source>
        <translation>无法加载账户：%1</translation>
    </message>
    <message>
        <source>Valid until %1</source>
        <translation>有效期至 %1</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>You cannot disable your own account</source>
        <translation>你不能停用自己的账户</translation>
    </message>
    <message>
        <source>New Account</source>
        <translation>新建账户</translation>
    </message>
    <message>
        <source>User name (3 to 32 letters, digits, dots, dashes or underscores):</source>
        <translation>用户名（3 到 32 个字母、数字、点、短横线或下划线）：</translation>
    </message>
    <message>
        <source>A first password for “%1”. Tell it to them; they can change it later.</source>
        <translation>为“%1”设置初始密码。请告诉对方；对方以后可以修改。</translation>
    </message>
    <message>
        <source>Disable Account</source>
        <translation>停用账户</translation>
    </message>
    <message>
        <source>Disable “%1”? They cannot sign in or upload until you enable the account again. Their photos stay.</source>
        <translation>要停用“%1”吗？在你重新启用之前，对方无法登录或上传。照片会保留。</translation>
    </message>
    <message>
        <source>Reset Password</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>A new password for “%1”. Their devices must sign in again.</source>
        <translation>为“%1”设置新密码。对方的设备需要重新登录。</translation>
    </message>
    <message>
        <source>Change the password of “%1” now?</source>
        <translation>现在修改“%1”的密码吗？</translation>
    </message>
</context>
<context>
    <name>nestbox::AdminUsersModel</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Storage used</source>
        <translation>已用空间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1 (admin)</source>
        <translation>%1（管理员）</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Account created %1</source>
        <translation>账户创建于 %1</translation>
    </message>
    <message>
        <source>Account “%1” created.</source>
        <translation>已创建账户“%1”。</translation>
    </message>
    <message>
        <source>Account “%1” disabled: it cannot sign in or upload.</source>
        <translation>已停用账户“%1”：它无法登录或上传。</translation>
    </message>
    <message>
        <source>Account “%1” enabled again.</source>
        <translation>已重新启用账户“%1”。</translation>
    </message>
    <message>
        <source>The password of “%1” was changed.</source>
        <translation>已修改“%1”的密码。</translation>
    </message>
    <message>
        <source>Invitation code created.</source>
        <translation>已创建邀请码。</translation>
    </message>
</context>
<context>
    <name>nestbox::ChunkDevice</name>
    <message>
        <source>A chunk of a file is read-only.</source>
        <translation>文件的分块是只读的。</translation>
    </message>
    <message>
        <source>The file is shorter than expected; it has changed.</source>
        <translation>文件比预期的短，它已被修改。</translation>
    </message>
</context>
<context>
    <name>nestbox::CreateUploadJob</name>
    <message>
        <source>The server answered the upload in a way Nestbox does not understand.</source>
        <translation>服务器对上传的回答 Nestbox 无法理解。</translation>
    </message>
</context>
<context>
    <name>nestbox::DiscoveryModel</name>
    <message>
        <source>Cannot look for servers on your network: the system message bus is not available.</source>
        <translation>无法在你的网络中查找服务器：系统消息总线不可用。</translation>
    </message>
    <message>
        <source>Cannot look for servers on your network: the Avahi service (avahi-daemon) is not running.</source>
        <translation>无法在你的网络中查找服务器：Avahi 服务（avahi-daemon）没有运行。</translation>
    </message>
    <message>
        <source>Cannot look for servers on your network: %1</source>
        <translation>无法在你的网络中查找服务器：%1</translation>
    </message>
    <message>
        <source>Looking for Nestbox servers on your network…</source>
        <translation>正在你的网络中查找 Nestbox 服务器…</translation>
    </message>
    <message>
        <source>Looking for servers on your network failed: %1</source>
        <translation>在你的网络中查找服务器失败：%1</translation>
    </message>
    <message>
        <source>No Nestbox server found on your network yet.</source>
        <translation>你的网络中暂时没有找到 Nestbox 服务器。</translation>
    </message>
    <message numerus="yes">
        <source>Found %n Nestbox server(s) on your network.</source>
        <translation>
            <numerusform>在你的网络中找到 %n 台 Nestbox 服务器。</numerusform>
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
证书指纹 %2</translation>
    </message>
</context>
<context>
    <name>nestbox::DownloadJob</name>
    <message>
        <source>Cannot write to %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read back %1: %2</source>
        <translation>无法读回 %1：%2</translation>
    </message>
    <message>
        <source>The downloaded file is damaged (its checksum does not match); download it again.</source>
        <translation>下载的文件已损坏（校验和不一致），请重新下载。</translation>
    </message>
    <message>
        <source>Cannot move the download to %1.</source>
        <translation>无法把下载的文件移动到 %1。</translation>
    </message>
</context>
<context>
    <name>nestbox::FileDownloader</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>nestbox::FileHasher</name>
    <message>
        <source>Cannot read the file: %1</source>
        <translation>无法读取文件：%1</translation>
    </message>
    <message>
        <source>The file changed while it was being read.</source>
        <translation>读取文件时文件发生了变化。</translation>
    </message>
</context>
<context>
    <name>nestbox::FileUpload</name>
    <message>
        <source>The file is no longer there: %1</source>
        <translation>文件已不存在：%1</translation>
    </message>
    <message>
        <source>The upload had to start again too often; is the file being changed?</source>
        <translation>上传不得不重新开始太多次，文件是否正在被修改？</translation>
    </message>
    <message>
        <source>The upload had to start again too often.</source>
        <translation>上传不得不重新开始太多次。</translation>
    </message>
    <message>
        <source>Waiting for the server… (%1)</source>
        <translation>正在等待服务器…（%1）</translation>
    </message>
</context>
<context>
    <name>nestbox::HostingController</name>
    <message>
        <source>given: %1</source>
        <translation>指定的：%1</translation>
    </message>
    <message>
        <source>next to the app: %1</source>
        <translation>应用旁边的：%1</translation>
    </message>
    <message>
        <source>from the build tree: %1</source>
        <translation>构建目录中的：%1</translation>
    </message>
    <message>
        <source>installed: %1</source>
        <translation>已安装的：%1</translation>
    </message>
    <message>
        <source>no nestboxd next to the app, in the build tree or on the PATH</source>
        <translation>应用旁边、构建目录和 PATH 中都没有 nestboxd</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>无法启动：%1</translation>
    </message>
    <message>
        <source>The Nestbox server installed on this computer is running (%1).</source>
        <translation>这台电脑上安装的 Nestbox 服务器正在运行（%1）。</translation>
    </message>
    <message>
        <source>Running (process %1): this app uses %2, the family connects on port %3.</source>
        <translation>正在运行（进程 %1）：本应用使用 %2，家人通过端口 %3 连接。</translation>
    </message>
    <message>
        <source>Running (process %1) on %2 only: this nestboxd has no secure port for other computers.</source>
        <translation>正在运行（进程 %1），仅限 %2：这个 nestboxd 没有供其他电脑使用的安全端口。</translation>
    </message>
    <message>
        <source>Join our family album: open Nestbox and connect to %1</source>
        <translation>加入我们的家庭相册：打开 Nestbox 并连接到 %1</translation>
    </message>
    <message>
        <source>Join our family album: open Nestbox and connect to %1 — fingerprint %2</source>
        <translation>加入我们的家庭相册：打开 Nestbox 并连接到 %1 — 指纹 %2</translation>
    </message>
    <message>
        <source>The Nestbox service of this computer (%1) is running but does not answer at %2.</source>
        <translation>这台电脑的 Nestbox 服务（%1）正在运行，但在 %2 没有回应。</translation>
    </message>
    <message>
        <source>Nestbox cannot find its server program (%1). Reinstall Nestbox or install the nestbox-server package.</source>
        <translation>Nestbox 找不到它的服务器程序（%1）。请重新安装 Nestbox，或安装 nestbox-server 软件包。</translation>
    </message>
    <message>
        <source>Cannot create the server&apos;s folder %1.</source>
        <translation>无法创建服务器的文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>The server did not start within %n second(s). Its log: %1</source>
        <translation>
            <numerusform>服务器在 %n 秒内没有启动。它的日志：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>The server stopped unexpectedly. Its log: %1</source>
        <translation>服务器意外停止。它的日志：%1</translation>
    </message>
    <message>
        <source>The server exited (code %1). Its log: %2</source>
        <translation>服务器已退出（代码 %1）。它的日志：%2</translation>
    </message>
</context>
<context>
    <name>nestbox::HostingDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Start Server</source>
        <translation>启动服务器(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top Server</source>
        <translation>停止服务器(&amp;T)</translation>
    </message>
    <message>
        <source>Host a Nestbox Server</source>
        <translation>托管 Nestbox 服务器</translation>
    </message>
    <message>
        <source>Host your family album on this computer</source>
        <translation>在这台电脑上托管你的家庭相册</translation>
    </message>
    <message>
        <source>This computer keeps everyone&apos;s photos while Nestbox runs here. The others in your home connect with the invitation below; their app asks them once to trust this computer&apos;s fingerprint.</source>
        <translation>只要 Nestbox 在这里运行，这台电脑就保存大家的照片。家里的其他人用下面的邀请连接；他们的应用会询问一次是否信任这台电脑的指纹。</translation>
    </message>
    <message>
        <source>Start the server to get an invitation</source>
        <translation>启动服务器以获得邀请</translation>
    </message>
    <message>
        <source>Copy the invitation, then send it to your family</source>
        <translation>复制邀请，然后发给你的家人</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Addresses:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Invitation:</source>
        <translation>邀请：</translation>
    </message>
    <message>
        <source>Server program:</source>
        <translation>服务器程序：</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>This computer is not connected to a network.</source>
        <translation>这台电脑没有连接到网络。</translation>
    </message>
    <message>
        <source>the Nestbox service installed on this computer</source>
        <translation>这台电脑上安装的 Nestbox 服务</translation>
    </message>
    <message>
        <source>chosen when the server starts</source>
        <translation>在服务器启动时选定</translation>
    </message>
    <message>
        <source>Start this server &amp;whenever Nestbox starts</source>
        <translation>每次 Nestbox 启动时都启动这台服务器(&amp;W)</translation>
    </message>
    <message>
        <source>The Nestbox service installed on this computer is started and stopped by the system, not by this app</source>
        <translation>这台电脑上安装的 Nestbox 服务由系统启动和停止，而不是由本应用</translation>
    </message>
</context>
<context>
    <name>nestbox::LoginJob</name>
    <message>
        <source>The server accepted the sign-in but sent no session token.</source>
        <translation>服务器接受了登录，但没有发回会话令牌。</translation>
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
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Nestbox</source>
        <translation>关于 Nestbox(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>About Nestbox</source>
        <translation>关于 Nestbox</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;A private photo album for your family, kept on a computer you own.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Nestbox %1&lt;/h3&gt;&lt;p&gt;专属于您家人的私人相册，保存在您自己的电脑上。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Your album is empty</source>
        <translation>你的相册还是空的</translation>
    </message>
    <message>
        <source>Drop photos or whole folders here, or click “Add Photos…” to upload them.</source>
        <translation>把照片或整个文件夹拖到这里，或点击“添加照片…”来上传。</translation>
    </message>
    <message>
        <source>Could not load the album: %1</source>
        <translation>无法加载相册：%1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Downloading %1 of %2…</source>
        <translation>正在下载第 %1 个，共 %2 个…</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) downloaded to %1</source>
        <translation>
            <numerusform>%n 个文件已下载到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be downloaded.</source>
        <translation>
            <numerusform>%n 个文件无法下载。</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Add Photos…</source>
        <translation>添加照片(&amp;A)…</translation>
    </message>
    <message>
        <source>Upload photos and files to your album (you can also drop them on the window)</source>
        <translation>把照片和文件上传到相册（也可以直接拖到窗口上）</translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Download…</source>
        <translation>下载(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Copy Name</source>
        <translation>复制名称(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Pause All Uploads</source>
        <translation>全部暂停上传(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Res&amp;ume All Uploads</source>
        <translation>全部继续上传(&amp;U)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Re&amp;try Failed Uploads</source>
        <translation>重试失败的上传(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>S&amp;witch Account…</source>
        <translation>切换账户(&amp;W)…</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>Thumbnail &amp;Size</source>
        <translation>缩略图大小(&amp;S)</translation>
    </message>
    <message>
        <source>Small</source>
        <translation>小</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大</translation>
    </message>
    <message>
        <source>&amp;Uploads</source>
        <translation>上传(&amp;U)</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Search by name</source>
        <translation>按名称搜索</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>视频</translation>
    </message>
    <message>
        <source>Other files</source>
        <translation>其他文件</translation>
    </message>
    <message>
        <source>Show only one kind of file</source>
        <translation>只显示一种文件</translation>
    </message>
    <message>
        <source>Newest taken first</source>
        <translation>拍摄时间从新到旧</translation>
    </message>
    <message>
        <source>Oldest taken first</source>
        <translation>拍摄时间从旧到新</translation>
    </message>
    <message>
        <source>Recently uploaded</source>
        <translation>最近上传</translation>
    </message>
    <message>
        <source>Name A–Z</source>
        <translation>名称 A–Z</translation>
    </message>
    <message>
        <source>Sort order</source>
        <translation>排序方式</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Uploads</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>&amp;Uploads Panel</source>
        <translation>上传面板(&amp;U)</translation>
    </message>
    <message>
        <source>Uploads finished: %1 done, %2 failed</source>
        <translation>上传结束：%1 个完成，%2 个失败</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) uploaded</source>
        <translation>
            <numerusform>已上传 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploads – %1 %</source>
        <translation>上传 – %1 %</translation>
    </message>
    <message>
        <source>Not signed in – use File ▸ Switch Account… to sign in</source>
        <translation>未登录 – 请通过“文件 ▸ 切换账户…”登录</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
    <message>
        <source>Nestbox – %1</source>
        <translation>Nestbox – %1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 used</source>
        <translation>已用 %1，共 %2</translation>
    </message>
    <message>
        <source>Nothing to upload there.</source>
        <translation>那里没有可上传的文件。</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) added to the upload queue</source>
        <translation>
            <numerusform>已将 %n 个文件加入上传队列</numerusform>
        </translation>
    </message>
    <message>
        <source>Add Photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos and videos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.gif *.tif *.tiff *.avif *.mp4 *.mov *.m4v);;All files (*)</source>
        <translation>照片和视频 (*.jpg *.jpeg *.png *.heic *.heif *.webp *.gif *.tif *.tiff *.avif *.mp4 *.mov *.m4v);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Add a Folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message numerus="yes">
        <source>Download %n file(s) to</source>
        <translation>
            <numerusform>将 %n 个文件下载到</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>New name for “%1”:</source>
        <translation>“%1”的新名称：</translation>
    </message>
    <message>
        <source>Delete “%1” from your album?</source>
        <translation>要从相册中删除“%1”吗？</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file(s) from your album?</source>
        <translation>
            <numerusform>要从相册中删除 %n 个文件吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>They are removed from the server for good. Copies on this computer stay.</source>
        <translation>它们将从服务器上永久删除。这台电脑上的副本不受影响。</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerInfoJob</name>
    <message>
        <source>The server at %1 answered, but it is not a Nestbox server.</source>
        <translation>%1 上的服务器有回应，但它不是 Nestbox 服务器。</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerMenu</name>
    <message>
        <source>Se&amp;rver</source>
        <translation>服务器(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Host a Server on This Computer…</source>
        <translation>在这台电脑上托管服务器(&amp;H)…</translation>
    </message>
    <message>
        <source>Family &amp;Accounts…</source>
        <translation>家庭账户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Trusted Servers…</source>
        <translation>受信任的服务器(&amp;T)…</translation>
    </message>
</context>
<context>
    <name>nestbox::ServerProbe</name>
    <message>
        <source>Type the address of your Nestbox server.</source>
        <translation>请输入您的 Nestbox 服务器地址。</translation>
    </message>
    <message>
        <source>“%1” is not a server address. Type something like http://nestbox.local:8080.</source>
        <translation>“%1”不是有效的服务器地址。请输入类似 http://nestbox.local:8080 的地址。</translation>
    </message>
    <message>
        <source>The server at %1 answered, but it is not a Nestbox server. Check the address and the port.</source>
        <translation>%1 上的服务器有响应，但它不是 Nestbox 服务器。请检查地址和端口。</translation>
    </message>
    <message>
        <source>Cannot find the server “%1”. Check the address for typing mistakes.</source>
        <translation>找不到服务器“%1”。请检查地址是否输入有误。</translation>
    </message>
    <message numerus="yes">
        <source>The server at %1 did not answer within %n second(s).</source>
        <translation>
            <numerusform>%1 上的服务器在 %n 秒内没有响应。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open a secure connection to %1: %2</source>
        <translation>无法与 %1 建立安全连接：%2</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check that it is running and that this computer can reach it.</source>
        <translation>无法连接到 %1 上的服务器。请确认服务器正在运行，并且这台电脑可以访问它。</translation>
    </message>
    <message>
        <source>The Nestbox server at %1 has a problem: %2. Try again in a moment.</source>
        <translation>%1 上的 Nestbox 服务器出现问题：%2。请稍后再试。</translation>
    </message>
    <message>
        <source>The server at %1 answered with error %2. Try again in a moment.</source>
        <translation>%1 上的服务器返回了错误 %2。请稍后再试。</translation>
    </message>
    <message>
        <source>“%1” speaks version %2 of the Nestbox protocol, but this app speaks version %3. Update the app or the server.</source>
        <translation>“%1”使用第 %2 版 Nestbox 协议，而本应用使用第 %3 版。请更新应用或服务器。</translation>
    </message>
</context>
<context>
    <name>nestbox::SettingsDialog</name>
    <message>
        <source>Tell me when a batch of uploads is done</source>
        <translation>一批上传完成时通知我</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source> files at a time</source>
        <translation> 个文件同时上传</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>Uploads</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>&amp;Upload:</source>
        <translation>上传(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Bandwidth limit:</source>
        <translation>带宽限制(&amp;B)：</translation>
    </message>
    <message>
        <source>Nestbox speaks the new language as soon as you press OK.</source>
        <translation>按下“确定”后，Nestbox 立即改用新的语言。</translation>
    </message>
</context>
<context>
    <name>nestbox::SignInDialog</name>
    <message>
        <source>Con&amp;firm password:</source>
        <translation>确认密码(&amp;F)：</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Sign In to Nestbox</source>
        <translation>登录 Nestbox</translation>
    </message>
    <message>
        <source>for example nas.local:8080</source>
        <translation>例如 nas.local:8080</translation>
    </message>
    <message>
        <source>your user name</source>
        <translation>你的用户名</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>the same password again</source>
        <translation>再输入一次密码</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Your session has ended. Enter your password to carry on where you left off; paused uploads continue by themselves.</source>
        <translation>登录已过期。输入密码即可从刚才的地方继续；暂停的上传会自动继续。</translation>
    </message>
    <message>
        <source>Create your account</source>
        <translation>创建你的账户</translation>
    </message>
    <message>
        <source>Sign in to your album</source>
        <translation>登录你的相册</translation>
    </message>
    <message>
        <source>Choose a user name and a password of at least 8 characters. The first account on a server looks after it.</source>
        <translation>请选择用户名，以及至少 8 个字符的密码。服务器上的第一个账户负责管理它。</translation>
    </message>
    <message>
        <source>Enter the address of your family&apos;s Nestbox server and your account.</source>
        <translation>请输入家庭 Nestbox 服务器的地址和你的账户。</translation>
    </message>
    <message>
        <source>&amp;Create Account</source>
        <translation>创建账户(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Sign In</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>I already have an account</source>
        <translation>我已有账户</translation>
    </message>
    <message>
        <source>Create an account…</source>
        <translation>创建账户…</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>“%1” is not a server address. Type it like nas.local:8080 or https://photos.example.org.</source>
        <translation>“%1”不是服务器地址。请按 nas.local:8080 或 https://photos.example.org 的样式输入。</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Creating your account…</source>
        <translation>正在创建账户…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>The user name or the password is wrong. Check both (capital letters count) and try again.</source>
        <translation>用户名或密码错误。请检查两者（区分大小写）后再试。</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong passwords for this account. Wait %n minute(s), then try again.</source>
        <translation>
            <numerusform>这个账户输错密码的次数太多。请等 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Signing in did not work (%1).</source>
        <translation>登录失败（%1）。</translation>
    </message>
    <message>
        <source>&amp;Invitation code:</source>
        <translation>邀请码(&amp;I)：</translation>
    </message>
    <message>
        <source>Host a server on this computer…</source>
        <translation>在这台电脑上托管服务器…</translation>
    </message>
    <message>
        <source>from the server&apos;s administrator, if you got one</source>
        <translation>来自服务器管理员（如果你收到了）</translation>
    </message>
    <message>
        <source>Nestbox servers found on your network: click one to use it</source>
        <translation>在你的网络中找到的 Nestbox 服务器：点击即可使用</translation>
    </message>
    <message>
        <source>On your network:</source>
        <translation>你的网络中：</translation>
    </message>
    <message>
        <source>This is the first time this computer connects to %1. Its certificate fingerprint is:

%2

</source>
        <translation>这台电脑第一次连接到 %1。它的证书指纹是：

%2

</translation>
    </message>
    <message>
        <source>It matches the fingerprint announced on your network.</source>
        <translation>它与你的网络中公布的指纹一致。</translation>
    </message>
    <message>
        <source>Careful: it does NOT match the fingerprint announced on your network (%1).</source>
        <translation>注意：它与你的网络中公布的指纹（%1）不一致。</translation>
    </message>
    <message>
        <source>Waiting for your answer about the server&apos;s certificate…</source>
        <translation>正在等待你对服务器证书的回答…</translation>
    </message>
    <message>
        <source>Trust this server?</source>
        <translation>信任这台服务器吗？</translation>
    </message>
    <message>
        <source>&amp;Trust</source>
        <translation>信任(&amp;T)</translation>
    </message>
    <message>
        <source>Do &amp;Not Trust</source>
        <translation>不信任(&amp;N)</translation>
    </message>
    <message>
        <source>Not connected: you did not trust the certificate of %1.</source>
        <translation>未连接：你没有信任 %1 的证书。</translation>
    </message>
    <message>
        <source>This server takes new accounts only with an invitation code. Ask the person who runs it for a code, or for an account.</source>
        <translation>这台服务器只凭邀请码接受新账户。请向服务器的管理者索要邀请码或账户。</translation>
    </message>
    <message>
        <source>Compare it with the fingerprint shown on the computer hosting the server (in Nestbox there: Server ▸ Host a Server on This Computer…). Trust this server?</source>
        <translation>请与托管服务器的那台电脑上显示的指纹比对（在那台电脑的 Nestbox 中：服务器 ▸ 在这台电脑上托管服务器…）。信任这台服务器吗？</translation>
    </message>
</context>
<context>
    <name>nestbox::TimelineModel</name>
    <message>
        <source>MMMM yyyy</source>
        <extracomment>QDate::toString() pattern of a month header in the timeline (&quot;March 2024&quot;); zh_CN: yyyy年M月</extracomment>
        <translation>yyyy年M月</translation>
    </message>
</context>
<context>
    <name>nestbox::TimelineView</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) so far</source>
        <translation>
            <numerusform>目前 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading your album…</source>
        <translation>正在加载相册…</translation>
    </message>
</context>
<context>
    <name>nestbox::TokenStore</name>
    <message>
        <source>the system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>a file only you can read (%1)</source>
        <translation>只有你能读取的文件（%1）</translation>
    </message>
    <message>
        <source>the system keychain, if one is available</source>
        <translation>系统钥匙串（如果有的话）</translation>
    </message>
</context>
<context>
    <name>nestbox::TrayIcon</name>
    <message>
        <source>Show Nestbox</source>
        <translation>显示 Nestbox</translation>
    </message>
    <message>
        <source>Pause All Uploads</source>
        <translation>全部暂停上传</translation>
    </message>
    <message>
        <source>Resume All Uploads</source>
        <translation>全部继续上传</translation>
    </message>
    <message>
        <source>Quit Nestbox</source>
        <translation>退出 Nestbox</translation>
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
        <translation>上传结束，但有问题</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) uploaded</source>
        <translation>
            <numerusform>已上传 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be uploaded; open Nestbox to retry them.</source>
        <translation>
            <numerusform>%n 个文件无法上传；打开 Nestbox 重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploads finished</source>
        <translation>上传完成</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) are now in your album.</source>
        <translation>
            <numerusform>%n 个文件已加入你的相册。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nestbox::TrustedServersDialog</name>
    <message>
        <source>&amp;Remove…</source>
        <translation>删除(&amp;R)…</translation>
    </message>
    <message>
        <source>Trusted Servers</source>
        <translation>受信任的服务器</translation>
    </message>
    <message>
        <source>Nestbox connects only to these servers&apos; certificates. If a server was reinstalled on purpose, remove its old certificate here; Nestbox asks about the new one on the next sign-in.</source>
        <translation>Nestbox 只连接使用这些证书的服务器。如果某台服务器是有意重新安装的，请在这里删除它的旧证书；下次登录时 Nestbox 会询问新证书。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Certificate fingerprint (SHA-256)</source>
        <translation>证书指纹（SHA-256）</translation>
    </message>
    <message>
        <source>Remove Trusted Certificate</source>
        <translation>删除受信任的证书</translation>
    </message>
    <message>
        <source>Forget the certificate of %1? Do this only if you know the server was reinstalled or got a new certificate. Nestbox will ask you to trust the certificate it shows next time.</source>
        <translation>要忘记 %1 的证书吗？只有在你确定服务器被重新安装或换了新证书时才这样做。下次 Nestbox 会询问你是否信任它出示的证书。</translation>
    </message>
</context>
<context>
    <name>nestbox::UploadEngine</name>
    <message>
        <source>Waiting for you to sign in again.</source>
        <translation>正在等待你重新登录。</translation>
    </message>
</context>
<context>
    <name>nestbox::UploadItemDelegate</name>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s) left</source>
        <translation>
            <numerusform>还剩 %n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) left</source>
        <translation>
            <numerusform>还剩 %n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) left</source>
        <translation>
            <numerusform>还剩 %n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>already on the server, nothing sent</source>
        <translation>服务器上已有，无需发送</translation>
    </message>
</context>
<context>
    <name>nestbox::UploadPanel</name>
    <message>
        <source>Pause All</source>
        <translation>全部暂停</translation>
    </message>
    <message>
        <source>Resume All</source>
        <translation>全部继续</translation>
    </message>
    <message>
        <source>Retry Failed</source>
        <translation>重试失败项</translation>
    </message>
    <message>
        <source>Clear Finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <source>No uploads. Drop photos or folders on the window to add them.</source>
        <translation>没有上传任务。把照片或文件夹拖到窗口上即可添加。</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n file(s) uploaded</source>
        <translation>
            <numerusform>已上传 %1 个，共 %n 个文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paused</source>
        <translation>
            <numerusform>%n 个已暂停</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n 个失败</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>nestbox::UploadState</name>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Checking</source>
        <translation>正在校验</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>已上传</translation>
    </message>
    <message>
        <source>Already on the server</source>
        <translation>服务器上已有</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>nestbox::ViewerDialog</name>
    <message>
        <source>Previous (Left arrow)</source>
        <translation>上一张（左方向键）</translation>
    </message>
    <message>
        <source>Next (Right arrow)</source>
        <translation>下一张（右方向键）</translation>
    </message>
    <message>
        <source>Fit to window or show at 100 % (F)</source>
        <translation>适应窗口或按 100% 显示（F）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No preview for this kind of file.</source>
        <translation>这种文件没有预览。</translation>
    </message>
    <message>
        <source>No preview for this file.</source>
        <translation>这个文件没有预览。</translation>
    </message>
    <message>
        <source>%1 – Nestbox</source>
        <translation>%1 – Nestbox</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 张，共 %2 张</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>preview</source>
        <translation>预览</translation>
    </message>
</context>
</TS>
