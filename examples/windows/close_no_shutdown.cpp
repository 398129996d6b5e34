/*
 * close_no_shutdown.cpp - a C++ server class that closes accepted connections abruptly.
 *
 * GreetingServer keeps the current connection in the field sock_. serveOne()
 * accepts into sock_, sends a greeting and calls closesocket(sock_) straight
 * away. Without shutdown(SD_SEND) and a recv-until-0 drain, the peer is not told
 * that all data was sent, data still in flight can be lost, and because the
 * listener uses SO_EXCLUSIVEADDRUSE a restarted server may be unable to bind
 * port 27015 again while such connections linger (WSAEADDRINUSE, 10048).
 *
 * socklint findings:
 *   line 68  close-without-shutdown  at closesocket(sock_) in serveOne();
 *            related: the accept on line 63.
 * closesocket(listener_) in the destructor is not reported: it was never accepted or connected.
 */
#include <winsock2.h>
#include <cstdio>
#include <cstring>

#ifdef _MSC_VER
#pragma comment(lib, "Ws2_32.lib")
#endif

class GreetingServer {
public:
    GreetingServer() : listener_(INVALID_SOCKET), sock_(INVALID_SOCKET) {}

    ~GreetingServer()
    {
        if (listener_ != INVALID_SOCKET)
            closesocket(listener_);
    }

    bool start(u_short port)
    {
        BOOL exclusive = TRUE;
        sockaddr_in addr;

        listener_ = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        if (listener_ == INVALID_SOCKET)
            return false;

        if (setsockopt(listener_, SOL_SOCKET, SO_EXCLUSIVEADDRUSE,
                       reinterpret_cast<const char *>(&exclusive), sizeof(exclusive)) == SOCKET_ERROR)
            return false;

        std::memset(&addr, 0, sizeof(addr));
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_ANY);
        addr.sin_port = htons(port);

        if (bind(listener_, reinterpret_cast<sockaddr *>(&addr), sizeof(addr)) == SOCKET_ERROR) {
            std::fprintf(stderr, "bind failed: %d\n", WSAGetLastError());
            return false;
        }
        return listen(listener_, SOMAXCONN) != SOCKET_ERROR;
    }

    void serveOne()
    {
        static const char greeting[] = "welcome\r\n";

        sock_ = accept(listener_, nullptr, nullptr);
        if (sock_ == INVALID_SOCKET)
            return;

        send(sock_, greeting, static_cast<int>(sizeof(greeting) - 1), 0);
        closesocket(sock_); // <-- close-without-shutdown
        sock_ = INVALID_SOCKET;
    }

private:
    SOCKET listener_;
    SOCKET sock_;
};

int main()
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;

    int rc = 1;
    {
        GreetingServer server;
        if (server.start(27015)) {
            for (int i = 0; i < 10; ++i)
                server.serveOne();
            rc = 0;
        }
    }

    WSACleanup();
    return rc;
}
