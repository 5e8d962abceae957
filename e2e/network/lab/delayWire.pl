#!/usr/bin/perl
# A point-to-point link with a fixed one-way delay per direction, in user space, because this
# machine's kernel has no netem qdisc (CONFIG_NET_SCH_NETEM unset). It opens two TUN devices and
# forwards every IP packet read from one to the other once its delay has passed. The devices
# vanish when this process exits; it exits when its stdin closes (its owner went away).
#
# usage: delayWire.pl <device-a> <device-b> <delay-a-to-b-ms> <delay-b-to-a-ms>
# prints "ready" once both devices exist.
use strict;
use warnings;
use Fcntl qw(O_RDWR O_NONBLOCK);
use Time::HiRes qw(clock_gettime CLOCK_MONOTONIC);

use constant {
  TUNSETIFF => 0x400454ca,
  IFF_TUN   => 0x0001,
  IFF_NO_PI => 0x1000,
  # Larger than any packet a TUN device with a 1500-byte MTU hands out.
  MAX_PACKET => 65536,
  # Packets held per direction before tail drop; generous (netem's default limit is 1000) so a
  # 40 ms link carrying the benchmark's bulk transfer never drops for lack of room.
  MAX_QUEUED_PACKETS => 10000,
};

my ($name_a, $name_b, $delay_ab_ms, $delay_ba_ms) = @ARGV;
die "usage: $0 <device-a> <device-b> <delay-a-to-b-ms> <delay-b-to-a-ms>\n" unless defined $delay_ba_ms;

sub open_tun {
  my ($name) = @_;
  sysopen(my $fh, "/dev/net/tun", O_RDWR | O_NONBLOCK) or die "open /dev/net/tun: $!\n";
  ioctl($fh, TUNSETIFF, pack("Z16 s x22", $name, IFF_TUN | IFF_NO_PI)) or die "TUNSETIFF $name: $!\n";
  return $fh;
}

my @tuns = (open_tun($name_a), open_tun($name_b));
my @delay = ($delay_ab_ms / 1000, $delay_ba_ms / 1000);
# $queue[i] holds [due time, packet] read from device i, to be written to the other device.
# The delay is constant per direction, so each queue is already in due order.
my @queue = ([], []);

$| = 1;
print "ready\n";

while (1) {
  my $read_set = '';
  vec($read_set, fileno(STDIN), 1) = 1;
  vec($read_set, fileno($_), 1) = 1 for @tuns;

  my $now = clock_gettime(CLOCK_MONOTONIC);
  my $timeout;
  for my $q (@queue) {
    next unless @$q;
    my $wait = $q->[0][0] - $now;
    $wait = 0 if $wait < 0;
    $timeout = $wait if !defined $timeout || $wait < $timeout;
  }

  my $ready = select(my $readable = $read_set, undef, undef, $timeout);
  if ($ready < 0) {
    next if $!{EINTR};
    die "select: $!\n";
  }

  if ($ready > 0 && vec($readable, fileno(STDIN), 1)) {
    my $n = sysread(STDIN, my $ignored, 4096);
    exit 0 unless $n;
  }

  for my $i (0, 1) {
    next unless $ready > 0 && vec($readable, fileno($tuns[$i]), 1);
    while (my $n = sysread($tuns[$i], my $packet, MAX_PACKET)) {
      next if @{ $queue[$i] } >= MAX_QUEUED_PACKETS;
      push @{ $queue[$i] }, [clock_gettime(CLOCK_MONOTONIC) + $delay[$i], $packet];
    }
  }

  $now = clock_gettime(CLOCK_MONOTONIC);
  for my $i (0, 1) {
    my $q = $queue[$i];
    while (@$q && $q->[0][0] <= $now) {
      # A write fails while the far device is down: the packet is lost, as on a cut cable.
      syswrite($tuns[1 - $i], (shift @$q)->[1]);
    }
  }
}
