// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BFD_TRACKED_ROUTE_H
#define EXPRESSROUTE_BFD_TRACKED_ROUTE_H

// A static route whose next hops are each watched by a single-hop BFD session (RFC 5881), as a
// router's "static route with BFD" (Cisco "ip route static bfd", Junos
// "bfd-liveness-detection" on a static route): a next hop leaves the route when its session
// goes down and comes back when the session is up again. A site's host uses it for its default
// route over the site's CE routers, so that when one CE router dies (CeFailure) the site's
// traffic moves to the other after BFD's detection time (0.9 s at Microsoft's 300 ms x 3),
// where a plain static ECMP route would keep sending half the flows to the dead router.
//
// A next hop whose session has never come up stays in the route: a peer that does not run BFD
// (a real router attached by emulation) is not cut off by it.

#include "expressroute-fib.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{
namespace expressroute
{

class BfdAgent;
class FibRouting;
enum class BfdState : uint8_t;

class BfdTrackedRoute : public Object
{
  public:
    /// One next hop and its BFD session: name, local and peer addresses.
    struct Hop
    {
        NextHop nextHop;
        std::string session;
        Ipv4Address local;
        Ipv4Address peer;
    };

    static TypeId GetTypeId();
    BfdTrackedRoute();
    ~BfdTrackedRoute() override;

    /**
     * Installs @p prefix on @p routing through every hop, and adds each hop's BFD session to
     * @p agent. Call before the agent starts.
     */
    void Install(Ptr<FibRouting> routing,
                 const Ipv4Prefix& prefix,
                 std::vector<Hop> hops,
                 Ptr<BfdAgent> agent);

    /// Next hops the route goes through now.
    uint32_t GetUsableCount() const;

  protected:
    void DoDispose() override;

  private:
    void StateChanged(std::size_t hop, BfdState state);
    void Apply();

    Ptr<FibRouting> m_routing;
    Ipv4Prefix m_prefix{};
    std::vector<Hop> m_hops;
    std::vector<bool> m_everUp; ///< the hop's session has been up at least once
    std::vector<bool> m_up;     ///< the hop's session is up now
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BFD_TRACKED_ROUTE_H
