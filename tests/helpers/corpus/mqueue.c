// POSIX message queues: mq_open with attributes (O_CREAT|O_EXCL), mq_timedsend with a priority,
// mq_getsetattr, mq_timedreceive, mq_notify, mq_unlink, and a missing queue (ENOENT). The name
// holds the pid (replaced by the comparison) so that parallel runs never share it. Exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  char name[64];
  snprintf(name, sizeof name, "/capsule-corpus-%d", (int)getpid());
  struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 64};
  const mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0600, &attr);
  mq_send(q, "urgent", 6, 7);
  mq_send(q, "later", 5, 1);
  struct mq_attr now;
  mq_getattr(q, &now);
  char buf[64];
  unsigned prio = 0;
  mq_receive(q, buf, sizeof buf, &prio);
  mq_receive(q, buf, sizeof buf, &prio);
  mq_receive(q, buf, sizeof buf, &prio);
  struct sigevent ev = {.sigev_notify = SIGEV_NONE};
  mq_notify(q, &ev);
  mq_notify(q, NULL);
  mq_close(q);
  mq_unlink(name);
  mq_open("/capsule-corpus-missing", O_RDONLY);
  return 0;
}
