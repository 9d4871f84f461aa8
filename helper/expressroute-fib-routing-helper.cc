// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-fib-routing-helper.h"

#include "expressroute-fib-routing.h"

namespace ns3
{
namespace expressroute
{

FibRoutingHelper*
FibRoutingHelper::Copy() const
{
    return new FibRoutingHelper(*this);
}

Ptr<Ipv4RoutingProtocol>
FibRoutingHelper::Create(Ptr<Node> node) const
{
    return CreateObject<FibRouting>();
}

} // namespace expressroute
} // namespace ns3
