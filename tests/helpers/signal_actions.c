// Installs signal handlers and blocks signals in the shapes strace writes differently: a handler
// with every SA_ flag (and the high bits glibc's int SA_RESETHAND sets), SIG_IGN with a full mask
// (a complement set), sets with real-time signals, an empty set and a NULL old set. Exits 0.
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>
static void h(int s){(void)s;}
int main(void) { struct sigaction a; memset(&a,0,sizeof a); a.sa_handler=h; a.sa_flags=SA_RESTART|SA_NODEFER|SA_RESETHAND|SA_ONSTACK|SA_SIGINFO|SA_NOCLDSTOP|SA_NOCLDWAIT; sigaddset(&a.sa_mask,SIGTERM); sigaddset(&a.sa_mask,SIGUSR1); sigaction(SIGCHLD,&a,NULL);
 a.sa_handler=SIG_IGN; a.sa_flags=0; sigfillset(&a.sa_mask); sigaction(SIGPIPE,&a,NULL);
 sigset_t s, o; sigemptyset(&s); sigaddset(&s,SIGCHLD); sigaddset(&s,SIGRTMIN); sigaddset(&s, 64); sigprocmask(SIG_BLOCK,&s,&o); sigprocmask(SIG_SETMASK,&o,NULL);
 sigfillset(&s); sigdelset(&s, SIGKILL); sigprocmask(SIG_BLOCK,&s,NULL); return 0;}
