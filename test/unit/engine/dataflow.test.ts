import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, factsBefore } from './lowered';

const WIN = '#include <winsock2.h>\n';

describe('dataflow over C and C++', () => {
  it('a bind on one arm of an if reaches the join, not the other arm', async () => {
    const a = await analyze(`${WIN}void f(int x) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (x) { bind(s, 0, 0); } else { listen(s, 1); }
    closesocket(s);
}`);
    assert.ok(!factsBefore(a, 'listen(s, 1)').includes('bound'));
    assert.ok(factsBefore(a, 'closesocket(s)').includes('bound'));
  });

  it('an early return before the bind keeps later code unbound on that path only', async () => {
    const a = await analyze(`${WIN}void f(int x) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (x) return;
    bind(s, 0, 0);
    listen(s, 1);
}`);
    assert.ok(!factsBefore(a, 'bind(s, 0, 0)').includes('bound'));
    assert.ok(factsBefore(a, 'listen(s, 1)').includes('bound'));
  });

  it('a loop carries facts around its back edge', async () => {
    const a = await analyze(`${WIN}void f(SOCKET s) {
    for (int i = 0; i < 3; i++) {
        listen(s, 1);
        bind(s, 0, 0);
    }
}`);
    assert.ok(factsBefore(a, 'listen(s, 1)').includes('bound'));
  });

  it('a failed connect leaves the socket unconnected on the failure branch', async () => {
    const a = await analyze(`${WIN}int f(const struct sockaddr *sa) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, sa, 16) == SOCKET_ERROR) {
        closesocket(s);
        return 1;
    }
    closesocket(s);
    return 0;
}`);
    assert.ok(!factsBefore(a, 'closesocket(s)', 1).includes('connected'));
    assert.ok(factsBefore(a, 'closesocket(s)', 2).includes('connected'));
  });

  it('a result kept in a variable and tested later is understood', async () => {
    const a = await analyze(`${WIN}int f(const struct sockaddr *sa) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    int rc = connect(s, sa, 16);
    if (rc != 0) {
        closesocket(s);
        return 1;
    }
    closesocket(s);
    return 0;
}`);
    assert.ok(!factsBefore(a, 'closesocket(s)', 1).includes('connected'));
    assert.ok(factsBefore(a, 'closesocket(s)', 2).includes('connected'));
  });

  it('an accepted socket copied to another variable keeps its facts', async () => {
    const a = await analyze(`${WIN}void f(SOCKET l) {
    SOCKET c = accept(l, NULL, NULL);
    SOCKET d = c;
    closesocket(d);
}`);
    assert.ok(factsBefore(a, 'closesocket(d)').includes('connected'));
  });

  it('struct fields, pointers and C++ members are handles; this->sock_ is sock_', async () => {
    const c = await analyze(`${WIN}struct srv { SOCKET fd; };
void f(struct srv *srv, struct srv ctx) {
    srv->fd = socket(AF_INET, SOCK_STREAM, 0);
    ctx.fd = accept(srv->fd, NULL, NULL);
    bind(srv->fd, 0, 0);
    listen(srv->fd, 1);
    closesocket(ctx.fd);
}`);
    assert.ok(factsBefore(c, 'listen(srv->fd, 1)').includes('bound'));
    assert.ok(factsBefore(c, 'closesocket(ctx.fd)').includes('connected'));
    const cpp = await analyze(
      `${WIN}class Conn {
    SOCKET sock_;
    void run(SOCKET l) {
        this->sock_ = accept(l, nullptr, nullptr);
        closesocket(sock_);
    }
};`,
      'cpp',
    );
    assert.ok(factsBefore(cpp, 'closesocket(sock_)').includes('connected'));
  });

  it('std::bind, obj.bind and a bind of the wrong arity are not binds; ::bind is', async () => {
    const a = await analyze(
      `${WIN}#include <functional>
struct B { int bind(SOCKET, int, int); };
void f(B &b) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    auto g = std::bind(listen, s, 1);
    b.bind(s, 0, 0);
    listen(s, 1);
    ::bind(s, nullptr, 0);
    listen(s, 2);
}`,
      'cpp',
    );
    assert.ok(!factsBefore(a, 'listen(s, 1)').includes('bound'));
    assert.ok(factsBefore(a, 'listen(s, 2)').includes('bound'));
  });

  it('a lambda starts from what was known where it was created', async () => {
    const a = await analyze(
      `${WIN}void f(SOCKET l) {
    SOCKET c = accept(l, nullptr, nullptr);
    auto done = [c]() { closesocket(c); };
    done();
}`,
      'cpp',
    );
    assert.ok(factsBefore(a, 'closesocket(c)').includes('connected'));
  });

  it('a same-file helper acts on the argument at its call', async () => {
    const a = await analyze(`${WIN}static void graceful(SOCKET s) {
    char buf[64];
    shutdown(s, SD_SEND);
    while (recv(s, buf, sizeof buf, 0) > 0) {
    }
}
void f(SOCKET l) {
    SOCKET c = accept(l, NULL, NULL);
    graceful(c);
    closesocket(c);
}`);
    const facts = factsBefore(a, 'closesocket(c)');
    assert.ok(!facts.includes('connected'));
    assert.ok(!facts.includes('shutUndrained'));
  });

  it('a socket passed to unknown code is marked as escaped', async () => {
    const a = await analyze(`${WIN}void keep(SOCKET);
void f(SOCKET l) {
    SOCKET c = accept(l, NULL, NULL);
    register_socket(c);
    closesocket(c);
}`);
    assert.ok(factsBefore(a, 'closesocket(c)').includes('escaped'));
  });

  it('#ifdef _WIN32 and #else arms never run together; each build follows its own', async () => {
    const text = `#include <winsock2.h>
#include <sys/socket.h>
void f(void) {
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    BOOL on = TRUE;
#ifdef _WIN32
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&on, sizeof(on));
#else
    listen(s, 0);
#endif
    bind(s, 0, 0);
}`;
    const both = await analyze(text);
    assert.ok(factsBefore(both, 'bind(s, 0, 0)').includes('noExclusive'));
    const win = await analyze(text, 'c', 'windows');
    assert.ok(!factsBefore(win, 'bind(s, 0, 0)').includes('noExclusive'));
    const posix = await analyze(text, 'c', 'posix');
    assert.ok(factsBefore(posix, 'bind(s, 0, 0)').includes('listening'));
  });

  it('code under #if 0 produces no events', async () => {
    const a = await analyze(`${WIN}void f(SOCKET l) {
    SOCKET c = accept(l, NULL, NULL);
#if 0
    shutdown(c, SD_SEND);
#endif
    closesocket(c);
}`);
    assert.ok(factsBefore(a, 'closesocket(c)').includes('connected'));
    assert.equal(a.model.events.filter((e) => e.kind === 'shutdown').length, 0);
  });
});
