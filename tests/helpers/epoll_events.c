// struct epoll_event both ways: epoll_ctl's event (and a NULL one for EPOLL_CTL_DEL),
// epoll_wait's filled array (one ready pipe) and its empty one after the delete. Exits 0.
#include <sys/epoll.h>
#include <unistd.h>

int main(void) {
  int p[2];
  const int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0 || pipe(p) != 0 || write(p[1], "x", 1) != 1) return 1;
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u64 = 0x100001234ULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  struct epoll_event out[4];
  if (epoll_wait(ep, out, 4, 0) != 1) return 1;
  epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
  epoll_wait(ep, out, 4, 0);
  return 0;
}
