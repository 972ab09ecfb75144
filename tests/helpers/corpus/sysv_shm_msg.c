// System V shared memory and message queues: shmget/shmat/shmdt/shmctl(IPC_RMID), msgget,
// msgsnd and msgrcv with a type, msgrcv on an empty queue (ENOMSG), msgctl(IPC_RMID). Exits 0.
#define _GNU_SOURCE
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>

struct message {
  long mtype;
  char mtext[16];
};

int main(void) {
  const int shm = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
  char* p = shmat(shm, (void*)0x300000000UL, SHM_RND);
  if (p != (void*)-1) {
    p[0] = 1;
    shmdt(p);
  }
  shmctl(shm, IPC_RMID, NULL);
  const int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  struct message m = {.mtype = 3};
  strcpy(m.mtext, "queued");
  msgsnd(q, &m, 7, 0);
  msgrcv(q, &m, sizeof m.mtext, 3, MSG_NOERROR);
  msgrcv(q, &m, sizeof m.mtext, 0, IPC_NOWAIT);
  msgctl(q, IPC_RMID, NULL);
  return 0;
}
