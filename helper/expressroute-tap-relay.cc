// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-tap-relay.h"

#include "ns3/arp-header.h"
#include "ns3/fd-net-device.h"
#include "ns3/log.h"
#include "ns3/packet.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sched.h>
#include <stdexcept>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteTapRelay");
NS_OBJECT_ENSURE_REGISTERED(TapRelay);

namespace
{

constexpr uint16_t kIpv4 = 0x0800;
constexpr uint16_t kArp = 0x0806;

std::string
OsError(const std::string& what)
{
    return what + ": " + std::strerror(errno);
}

/// Closes a descriptor at scope exit.
struct Fd
{
    int fd{-1};
    ~Fd()
    {
        if (fd >= 0)
        {
            ::close(fd);
        }
    }
};

/// Runs a program (no shell) and waits for it; true when it exits with 0. @p quiet: its
/// error output is discarded.
bool
Run(const std::vector<std::string>& args, bool quiet = false)
{
    std::vector<char*> argv;
    for (const auto& a : args)
    {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
    {
        return false;
    }
    if (pid == 0)
    {
        if (quiet)
        {
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 2);
        }
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace

int
OpenTapInNamespace(const std::string& netns, const std::string& ifname)
{
    const std::string where = "network namespace '" + netns + "', interface '" + ifname + "'";
    if (ifname.empty() || ifname.size() >= IFNAMSIZ)
    {
        throw std::runtime_error(where + ": interface names have 1 to " +
                                 std::to_string(IFNAMSIZ - 1) + " characters");
    }
    Fd self{::open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)};
    if (self.fd < 0)
    {
        throw std::runtime_error(OsError(where + ": /proc/self/ns/net"));
    }
    Fd target{::open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC)};
    if (target.fd < 0)
    {
        throw std::runtime_error(OsError(where + ": /run/netns/" + netns +
                                         " (create it with: ip netns add " + netns + ")"));
    }
    // The tap belongs to the namespace the opening thread is in when /dev/net/tun is opened.
    if (::setns(target.fd, CLONE_NEWNET) != 0)
    {
        throw std::runtime_error(OsError(where + ": entering the namespace"));
    }
    const int fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    const int openErrno = errno;
    int ioctlErrno = 0;
    if (fd >= 0)
    {
        struct ifreq ifr;
        std::memset(&ifr, 0, sizeof(ifr));
        ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
        std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
        if (::ioctl(fd, TUNSETIFF, &ifr) != 0)
        {
            ioctlErrno = errno;
            ::close(fd);
        }
    }
    if (::setns(self.fd, CLONE_NEWNET) != 0)
    {
        throw std::runtime_error(OsError(where + ": returning to the original namespace"));
    }
    if (fd < 0)
    {
        errno = openErrno;
        throw std::runtime_error(OsError(where + ": /dev/net/tun"));
    }
    if (ioctlErrno != 0)
    {
        errno = ioctlErrno;
        throw std::runtime_error(OsError(where + ": creating the tap (TUNSETIFF)"));
    }
    return fd;
}

void
ConfigureTap(const std::string& netns,
             const std::string& ifname,
             const std::vector<std::string>& addresses)
{
    // No IPv6 on the link: the simulated MSEE speaks IPv4 only, and router solicitations would
    // only be dropped. Best effort: a kernel without IPv6, or no sysctl, changes nothing.
    Run({"ip", "netns", "exec", netns, "sysctl", "-q", "-w",
         "net.ipv6.conf." + ifname + ".disable_ipv6=1"},
        true);
    std::vector<std::vector<std::string>> commands;
    for (const auto& a : addresses)
    {
        commands.push_back({"ip", "-n", netns, "address", "add", a, "dev", ifname});
    }
    commands.push_back({"ip", "-n", netns, "link", "set", ifname, "up"});
    for (const auto& c : commands)
    {
        if (!Run(c))
        {
            std::string text;
            for (const auto& w : c)
            {
                text += (text.empty() ? "" : " ") + w;
            }
            throw std::runtime_error("configuring interface '" + ifname + "' in network namespace '" +
                                     netns + "': '" + text + "' failed");
        }
    }
}

TypeId
TapRelay::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::TapRelay")
                            .SetParent<Object>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<TapRelay>();
    return tid;
}

TapRelay::TapRelay() = default;
TapRelay::~TapRelay() = default;

void
TapRelay::Install(Ptr<NetDevice> edge, int tapFd, std::vector<Ipv4Address> answerArpFor)
{
    m_edge = edge;
    m_fd = tapFd;
    m_answerArpFor = std::move(answerArpFor);
    m_node = CreateObject<Node>();
    m_tap = CreateObject<FdNetDevice>();
    m_tap->SetAddress(Mac48Address::Allocate());
    m_tap->SetFileDescriptor(tapFd);
    m_node->AddDevice(m_tap);
    // Both devices' receive callbacks now lead here: the CE's IP stack no longer hears the link.
    m_tap->SetReceiveCallback(MakeCallback(&TapRelay::FromTap, this));
    m_edge->SetReceiveCallback(MakeCallback(&TapRelay::FromEdge, this));
}

bool
TapRelay::SetCarrier(bool up)
{
    int on = up ? 1 : 0;
    return m_fd >= 0 && ::ioctl(m_fd, TUNSETCARRIER, &on) == 0;
}

void
TapRelay::DoDispose()
{
    m_edge = nullptr;
    m_tap = nullptr;
    m_node = nullptr;
    Object::DoDispose();
}

bool
TapRelay::FromEdge(Ptr<NetDevice>, Ptr<const Packet> packet, uint16_t protocol, const Address&)
{
    if (protocol != kIpv4)
    {
        return true;
    }
    ++m_toTap;
    const Address to = m_routerKnown ? Address(m_router) : m_tap->GetBroadcast();
    m_tap->Send(packet->Copy(), to, kIpv4);
    return true;
}

bool
TapRelay::FromTap(Ptr<NetDevice>, Ptr<const Packet> packet, uint16_t protocol, const Address& from)
{
    if (Mac48Address::IsMatchingType(from))
    {
        m_router = Mac48Address::ConvertFrom(from);
        m_routerKnown = true;
    }
    if (protocol == kArp)
    {
        AnswerArp(packet, from);
    }
    else if (protocol == kIpv4)
    {
        ++m_fromTap;
        m_edge->Send(packet->Copy(), m_edge->GetBroadcast(), kIpv4);
    }
    return true;
}

void
TapRelay::AnswerArp(Ptr<const Packet> packet, const Address& from)
{
    ArpHeader arp;
    Ptr<Packet> copy = packet->Copy();
    if (copy->RemoveHeader(arp) == 0 || !arp.IsRequest())
    {
        return;
    }
    const Ipv4Address asked = arp.GetDestinationIpv4Address();
    for (const auto& a : m_answerArpFor)
    {
        if (a == asked)
        {
            ArpHeader reply;
            reply.SetReply(m_tap->GetAddress(),
                           asked,
                           arp.GetSourceHardwareAddress(),
                           arp.GetSourceIpv4Address());
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(reply);
            m_tap->Send(p, arp.GetSourceHardwareAddress(), kArp);
            NS_LOG_INFO("arp-reply for=" << asked << " to=" << arp.GetSourceIpv4Address());
            return;
        }
    }
}

} // namespace expressroute
} // namespace ns3
