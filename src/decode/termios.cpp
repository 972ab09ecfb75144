// The kernel's struct termios as strace 6.1 writes it for ioctl's TCGETS and TCSETS*: each flag
// word by name (the output delays and the baud rate and character size named even when 0, an
// empty word written as nothing), the line discipline, and c_cc by index
// ("[VINTR]=0x3, …, [17]=0"). glibc's struct termios has another layout: the kernel's is declared
// here.
#include <termios.h>

#include <string>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/tracee_read.h"

#define FLAG(x) FlagName{static_cast<uint64_t>(x), #x}
#define NAMED(v, n) FlagName{static_cast<uint64_t>(v), n}

namespace capsule {
namespace {

constexpr size_t kKernelNccs = 19;  // x86's NCCS in the kernel's struct termios

struct KernelTermios {
  uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line;
  uint8_t c_cc[kKernelNccs];
};

// Flag words in strace's order (its xlat files), which is not always the order of the values.
constexpr FlagName kTermIflagsData[] = {
    FLAG(IGNBRK), FLAG(BRKINT), FLAG(IGNPAR), FLAG(PARMRK), FLAG(INPCK), FLAG(ISTRIP), FLAG(INLCR),
    FLAG(IGNCR), FLAG(ICRNL), FLAG(IUCLC), FLAG(IXON), FLAG(IXANY), FLAG(IXOFF), FLAG(IMAXBEL), FLAG(IUTF8),
};
constexpr FlagName kTermOflagsData[] = {
    FLAG(OPOST), FLAG(OLCUC), FLAG(ONLCR), FLAG(OCRNL), FLAG(ONOCR), FLAG(ONLRET), FLAG(OFILL), FLAG(OFDEL),
};
constexpr FlagName kTermLflagsData[] = {
    FLAG(ISIG), FLAG(ICANON), FLAG(XCASE), FLAG(ECHO), FLAG(ECHOE), FLAG(ECHOK), FLAG(ECHONL),
    FLAG(NOFLSH), FLAG(IEXTEN), FLAG(ECHOCTL), FLAG(ECHOPRT), FLAG(ECHOKE), FLAG(FLUSHO), FLAG(PENDIN),
    FLAG(TOSTOP), FLAG(EXTPROC),
};
constexpr FlagName kTermCflagsData[] = {
    FLAG(CSTOPB), FLAG(CREAD), FLAG(PARENB), FLAG(PARODD), FLAG(HUPCL), FLAG(CLOCAL), FLAG(CMSPAR), FLAG(CRTSCTS),
};
// The output delays: each field named by its value, 0 included.
constexpr FlagName kTermNlDelays[] = {FLAG(NL0), FLAG(NL1)};
constexpr FlagName kTermCrDelays[] = {FLAG(CR0), FLAG(CR1), FLAG(CR2), FLAG(CR3)};
constexpr FlagName kTermTabDelays[] = {FLAG(TAB0), FLAG(TAB1), FLAG(TAB2), FLAG(TAB3)};
constexpr FlagName kTermBsDelays[] = {FLAG(BS0), FLAG(BS1)};
constexpr FlagName kTermVtDelays[] = {FLAG(VT0), FLAG(VT1)};
constexpr FlagName kTermFfDelays[] = {FLAG(FF0), FLAG(FF1)};
constexpr FlagName kTermBaudsData[] = {
    FLAG(B0), FLAG(B50), FLAG(B75), FLAG(B110), FLAG(B134), FLAG(B150), FLAG(B200), FLAG(B300),
    FLAG(B600), FLAG(B1200), FLAG(B1800), FLAG(B2400), FLAG(B4800), FLAG(B9600), FLAG(B19200),
    FLAG(B38400), NAMED(0x1000, "BOTHER"), FLAG(B57600), FLAG(B115200), FLAG(B230400), FLAG(B460800),
    FLAG(B500000), FLAG(B576000), FLAG(B921600), FLAG(B1000000), FLAG(B1152000), FLAG(B1500000),
    FLAG(B2000000), FLAG(B2500000), FLAG(B3000000), FLAG(B3500000), FLAG(B4000000),
};
constexpr FlagName kTermSizes[] = {FLAG(CS5), FLAG(CS6), FLAG(CS7), FLAG(CS8)};
constexpr FlagName kTermLineDiscs[] = {
    NAMED(0, "N_TTY"), NAMED(1, "N_SLIP"), NAMED(2, "N_MOUSE"), NAMED(3, "N_PPP"), NAMED(4, "N_STRIP"),
    NAMED(5, "N_AX25"), NAMED(6, "N_X25"), NAMED(7, "N_6PACK"), NAMED(8, "N_MASC"), NAMED(9, "N_R3964"),
    NAMED(10, "N_PROFIBUS_FDL"), NAMED(11, "N_IRDA"), NAMED(12, "N_SMSBLOCK"), NAMED(13, "N_HDLC"),
    NAMED(14, "N_SYNC_PPP"), NAMED(15, "N_HCI"), NAMED(16, "N_GIGASET_M101"), NAMED(17, "N_SLCAN"),
    NAMED(18, "N_PPS"), NAMED(19, "N_V253"), NAMED(20, "N_CAIF"), NAMED(21, "N_GSM0710"),
    NAMED(22, "N_TI_WL"), NAMED(23, "N_TRACESINK"), NAMED(24, "N_TRACEROUTER"), NAMED(25, "N_NCI"),
    NAMED(26, "N_SPEAKUP"), NAMED(27, "N_NULL"), NAMED(28, "N_MCTP"), NAMED(29, "N_DEVELOPMENT"),
};
// c_cc's slots by index (the kernel's asm-generic order); the last two have no name.
constexpr const char* kTermCcNames[kKernelNccs] = {
    "VINTR", "VQUIT", "VERASE", "VKILL", "VEOF", "VTIME", "VMIN", "VSWTC", "VSTART", "VSTOP",
    "VSUSP", "VEOL", "VREPRINT", "VDISCARD", "VWERASE", "VLNEXT", "VEOL2", nullptr, nullptr,
};

// One field of an enumeration within a flag word: its name, or hex for a value strace lacks.
void append_term_field(std::string& text, FlagTable table, uint64_t v) {
  if (!text.empty()) text.push_back('|');
  if (const FlagName* f = find_constant(table, v)) {
    text.append(f->name);
  } else {
    append_hex(text, v);
  }
}

// The named bits after the fields, joined with '|'; nothing when none is set.
void append_term_flags(std::string& text, FlagTable table, uint64_t v) {
  if (v == 0) return;
  if (!text.empty()) text.push_back('|');
  append_flags(text, table, v);
}

Arg term_word(std::string text, uint32_t v) { return Arg::symbol(std::move(text), v); }

Arg termios_struct(const KernelTermios& t) {
  Arg s;
  s.kind = ArgKind::Struct;
  std::string iflag;
  append_term_flags(iflag, kTermIflagsData, t.c_iflag);
  s.items.push_back(term_word(std::move(iflag), t.c_iflag).named("c_iflag"));

  std::string oflag;
  append_term_field(oflag, kTermNlDelays, t.c_oflag & NLDLY);
  append_term_field(oflag, kTermCrDelays, t.c_oflag & CRDLY);
  append_term_field(oflag, kTermTabDelays, t.c_oflag & TABDLY);
  append_term_field(oflag, kTermBsDelays, t.c_oflag & BSDLY);
  append_term_field(oflag, kTermVtDelays, t.c_oflag & VTDLY);
  append_term_field(oflag, kTermFfDelays, t.c_oflag & FFDLY);
  append_term_flags(oflag, kTermOflagsData, t.c_oflag & ~(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY));
  s.items.push_back(term_word(std::move(oflag), t.c_oflag).named("c_oflag"));

  constexpr uint32_t kCbaud = 0x100f, kCibaud = 0x100f0000, kIbshift = 16;
  std::string cflag;
  append_term_field(cflag, kTermBaudsData, t.c_cflag & kCbaud);
  if ((t.c_cflag & kCibaud) != 0) {
    append_term_field(cflag, kTermBaudsData, (t.c_cflag & kCibaud) >> kIbshift);
    cflag.append("<<IBSHIFT");
  }
  append_term_field(cflag, kTermSizes, t.c_cflag & CSIZE);
  append_term_flags(cflag, kTermCflagsData, t.c_cflag & ~(kCbaud | kCibaud | CSIZE));
  s.items.push_back(term_word(std::move(cflag), t.c_cflag).named("c_cflag"));

  std::string lflag;
  append_term_flags(lflag, kTermLflagsData, t.c_lflag);
  s.items.push_back(term_word(std::move(lflag), t.c_lflag).named("c_lflag"));

  const FlagName* line = find_constant(kTermLineDiscs, t.c_line);
  s.items.push_back((line != nullptr ? Arg::symbol(std::string(line->name), t.c_line) : Arg::hex(t.c_line)).named("c_line"));

  // "[VINTR]=0x3": strace's indexed array, kept as the text of each slot.
  Arg cc;
  cc.kind = ArgKind::Array;
  for (size_t i = 0; i < kKernelNccs; ++i) {
    std::string slot = "[";
    slot.append(kTermCcNames[i] != nullptr ? std::string(kTermCcNames[i]) : std::to_string(i));
    slot.append("]=");
    if (t.c_cc[i] == 0) {
      slot.push_back('0');
    } else {
      append_hex(slot, t.c_cc[i]);
    }
    cc.items.push_back(Arg::raw(std::move(slot)));
  }
  s.items.push_back(std::move(cc).named("c_cc"));
  return s;
}

}  // namespace

Arg termios_arg(const DecodeContext& ctx, uint64_t addr, bool filled) {
  KernelTermios t{};
  if (addr == 0 || (filled && !ctx.succeeded()) || !read_object(ctx.mem, addr, t)) return pointer_arg(addr);
  return termios_struct(t);
}

}  // namespace capsule
