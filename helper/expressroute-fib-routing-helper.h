// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FIB_ROUTING_HELPER_H
#define EXPRESSROUTE_FIB_ROUTING_HELPER_H

#include "ns3/ipv4-routing-helper.h"

namespace ns3
{
namespace expressroute
{

/// Installs a FibRouting on each node through InternetStackHelper::SetRoutingHelper.
class FibRoutingHelper : public Ipv4RoutingHelper
{
  public:
    FibRoutingHelper* Copy() const override;
    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node> node) const override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FIB_ROUTING_HELPER_H
