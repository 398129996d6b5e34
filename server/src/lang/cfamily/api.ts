/**
 * The socket API socklint knows (RULES.md "The socket API is known"): what each Winsock, POSIX and
 * common TLS/fd-taking function does to the socket handles it is given. A call of one of these is
 * never "unknown code": it does exactly what the table says, and most of them do nothing a rule
 * cares about. Only calls that are neither here nor defined in the analysed file make the rules
 * hold back for the sockets passed to them.
 *
 * `arity` lists the argument counts of the real function; a call with another count (a method of
 * the same name, `std::bind`) is not this function. Functions whose effect is `uses` accept any count.
 */
export type ApiEffect =
  /** Makes a new socket, stored where the result goes (`s = socket(…)`, `c = accept(l, …)`). */
  | 'create'
  | 'setsockopt'
  | 'bind'
  | 'listen'
  | 'connect'
  /** `shutdown(h, how)`. */
  | 'shutdown'
  /** Shuts the sending side down whatever the arguments (`WSASendDisconnect`, `DisconnectEx`). */
  | 'shutdownSend'
  /** Reads from the socket (drains it). */
  | 'recv'
  | 'close'
  /** May make the socket non-blocking (read from its arguments: FIONBIO, O_NONBLOCK). */
  | 'ioctl'
  /** Makes it non-blocking whatever the arguments (`WSAEventSelect`, `WSAAsyncSelect`). */
  | 'nonblocking'
  /** Fills memory the analysis follows values of (`memset(&addr, 0, …)`). */
  | 'zero'
  /** Uses the socket without changing anything a rule tracks: no reason to hold back. */
  | 'uses';

interface ApiEntry {
  effect: ApiEffect;
  arity?: number[];
}

const e = (effect: ApiEffect, ...arity: number[]): ApiEntry => ({ effect, arity: arity.length ? arity : undefined });

export const socketApi: Readonly<Record<string, ApiEntry>> = {
  // Creating sockets.
  socket: e('create', 3),
  WSASocket: e('create', 6),
  WSASocketA: e('create', 6),
  WSASocketW: e('create', 6),
  accept: e('create', 3),
  accept4: e('create', 4),
  WSAAccept: e('create', 5),
  // Claiming an address, and the options that decide how.
  setsockopt: e('setsockopt', 5),
  bind: e('bind', 3),
  listen: e('listen', 2),
  connect: e('connect', 3),
  WSAConnect: e('connect', 7),
  WSAConnectByNameA: e('connect', 9),
  WSAConnectByNameW: e('connect', 9),
  // Ending a connection.
  shutdown: e('shutdown', 2),
  WSASendDisconnect: e('shutdownSend', 2),
  DisconnectEx: e('shutdownSend', 4),
  closesocket: e('close', 1),
  close: e('close', 1),
  // Reading (what drains a connection before close).
  recv: e('recv', 4),
  recvfrom: e('recv', 6),
  recvmsg: e('recv', 3),
  WSARecv: e('recv', 7),
  WSARecvFrom: e('recv', 9),
  read: e('recv', 3),
  WSARecvMsg: e('recv', 5),
  WSARecvEx: e('recv', 4),
  readv: e('recv', 3),
  // Blocking mode.
  ioctlsocket: e('ioctl', 3),
  fcntl: e('ioctl', 2, 3),
  ioctl: e('ioctl', 3),
  WSAEventSelect: e('nonblocking', 3),
  WSAAsyncSelect: e('nonblocking', 4),
  memset: e('zero', 3),
  ZeroMemory: e('zero', 2),
  SecureZeroMemory: e('zero', 2),
  // Using a socket: sending, waiting, asking, security, TLS over the descriptor.
  ...Object.fromEntries(
    [
      'send',
      'sendto',
      'sendmsg',
      'write',
      'writev',
      'WSASend',
      'WSASendTo',
      'WSASendMsg',
      'sendfile',
      'TransmitFile',
      'TransmitPackets',
      'select',
      'poll',
      'WSAPoll',
      'epoll_ctl',
      'WSAWaitForMultipleEvents',
      'WSAEnumNetworkEvents',
      'WSAGetOverlappedResult',
      'WSAIoctl',
      'getsockname',
      'getpeername',
      'getsockopt',
      'WSADuplicateSocketA',
      'WSADuplicateSocketW',
      'WSAHtons',
      'WSANtohs',
      'FD_SET',
      'FD_CLR',
      'FD_ISSET',
      'FD_ZERO',
      '__WSAFDIsSet',
      'WSASetSocketSecurity',
      'WSAQuerySocketSecurity',
      'WSASetSocketPeerTargetName',
      'WSADeleteSocketPeerTargetName',
      'WSAImpersonateSocketPeer',
      'WSARevertImpersonation',
      'AcceptEx',
      'GetAcceptExSockaddrs',
      'ConnectEx',
      'CreateIoCompletionPort',
      'SetHandleInformation',
      'BindIoCompletionCallback',
      'SSL_set_fd',
      'SSL_set_rfd',
      'SSL_set_wfd',
      'SSL_get_fd',
      'BIO_set_fd',
      'gnutls_transport_set_int',
      'gnutls_transport_set_int2',
      'mbedtls_ssl_set_bio',
      'wolfSSL_set_fd',
      'tls_accept_socket',
      'tls_connect_socket',
      'printf',
      'fprintf',
      'sprintf',
      'snprintf',
      'printf_s',
      'fprintf_s',
      'wprintf',
      'puts',
      'perror',
      'memcpy',
      'memmove',
      'htons',
      'htonl',
      'ntohs',
      'ntohl',
      'inet_pton',
      'inet_ntop',
      'InetPton',
      'InetNtop',
      'InetPtonA',
      'InetPtonW',
      'InetNtopA',
      'InetNtopW',
      'inet_addr',
      'inet_ntoa',
      'WSAGetLastError',
      'WSASetLastError',
      'getaddrinfo',
      'freeaddrinfo',
      'GetAddrInfoW',
      'FreeAddrInfoW',
      'gai_strerror',
      'strerror',
      'assert',
      'OutputDebugStringA',
      'OutputDebugStringW',
      'sizeof',
    ].map((name) => [name, e('uses')]),
  ),
};

/** The table's entry for a call with `args` arguments, when it is the real function. */
export function apiEntry(name: string, args: number): ApiEntry | undefined {
  if (!Object.prototype.hasOwnProperty.call(socketApi, name)) return undefined;
  const entry = socketApi[name];
  return !entry.arity || entry.arity.includes(args) ? entry : undefined;
}
