# Oracle for the RubyGems differential test: reads "A<TAB>B" lines and prints
# "<", "=" or ">" per line as Gem::Version#<=> orders them, or "!" followed by
# L and/or R for a side Gem::Version rejects (Debian's ruby, RubyGems 3.3).
require 'rubygems'

def parse(s)
  Gem::Version.correct?(s) ? Gem::Version.new(s) : nil
end

out = []
STDIN.binmode.read.force_encoding('UTF-8').split("\n").each do |line|
  next if line.empty?
  a, b = line.split("\t", 2)
  va = parse(a)
  vb = parse(b)
  if va.nil? || vb.nil?
    out << '!' + (va.nil? ? 'L' : '') + (vb.nil? ? 'R' : '')
  else
    c = va <=> vb
    out << (c < 0 ? '<' : c > 0 ? '>' : '=')
  end
end
STDOUT.write(out.join("\n") + "\n")
