// epoll: epoll_create and epoll_create1, epoll_ctl's add/mod/del with event masks and data,
// epoll_wait, epoll_pwait with a mask, epoll_pwait2 with a timeout, and the failures. Exits 0.
#define _GNU_SOURCE
#include <signal.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  int p[2];
  if (pipe(p) != 0) return 1;
  const int old = epoll_create(8);
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 0x1122334455ULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  ev.events = EPOLLOUT | EPOLLRDHUP | EPOLLONESHOT;
  ev.data.fd = p[1];
  epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
  epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev);
  write(p[1], "x", 1);
  struct epoll_event out[4];
  epoll_wait(ep, out, 4, 0);
  ev.events = EPOLLIN | EPOLLPRI;
  ev.data.u32 = 7;
  epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  epoll_pwait(ep, out, 4, 0, &mask);
  epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
  struct timespec ts = {0, 0};
  syscall(SYS_epoll_pwait2, ep, out, 4, &ts, NULL, 8);
  epoll_wait(old, out, 4, 0);
  close(ep);
  close(old);
  return 0;
}
