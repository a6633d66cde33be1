/** The parts of an ELF file the Go build-info reader needs: sections and loadable segments. */
export interface ElfSection {
  name: string;
  addr: bigint;
  offset: number;
  size: number;
}

export interface ElfSegment {
  vaddr: bigint;
  offset: number;
  filesz: number;
}

export interface ElfFile {
  is64: boolean;
  littleEndian: boolean;
  sections: ElfSection[];
  segments: ElfSegment[];
}

export class ElfError extends Error {}

/** True when the buffer starts with the ELF magic. */
export function isElf(data: Buffer): boolean {
  return data.length >= 52 && data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46;
}

/** Parses the section and program headers of a 32- or 64-bit ELF file of either byte order. */
export function parseElf(data: Buffer): ElfFile {
  if (!isElf(data)) throw new ElfError('not an ELF file');
  const is64 = data[4] === 2;
  const le = data[5] === 1;
  const u16 = (o: number) => (le ? data.readUInt16LE(o) : data.readUInt16BE(o));
  const u32 = (o: number) => (le ? data.readUInt32LE(o) : data.readUInt32BE(o));
  const addr = (o: number): bigint =>
    is64 ? (le ? data.readBigUInt64LE(o) : data.readBigUInt64BE(o)) : BigInt(u32(o));
  const off = (o: number): number => Number(addr(o));
  const check = (start: number, length: number) => {
    if (start < 0 || start + length > data.length) throw new ElfError('ELF header table outside the file');
  };

  const phoff = off(is64 ? 32 : 28);
  const shoff = off(is64 ? 40 : 32);
  const phentsize = u16(is64 ? 54 : 42);
  const phnum = u16(is64 ? 56 : 44);
  const shentsize = u16(is64 ? 58 : 46);
  const shnum = u16(is64 ? 60 : 48);
  const shstrndx = u16(is64 ? 62 : 50);

  const segments: ElfSegment[] = [];
  if (phoff > 0) {
    check(phoff, phnum * phentsize);
    for (let i = 0; i < phnum; i++) {
      const p = phoff + i * phentsize;
      if (u32(p) !== 1) continue; // PT_LOAD
      segments.push(
        is64
          ? { offset: off(p + 8), vaddr: addr(p + 16), filesz: off(p + 32) }
          : { offset: u32(p + 4), vaddr: BigInt(u32(p + 8)), filesz: u32(p + 16) },
      );
    }
  }

  const sections: ElfSection[] = [];
  if (shoff > 0 && shnum > 0) {
    check(shoff, shnum * shentsize);
    const raw = Array.from({ length: shnum }, (_, i) => {
      const s = shoff + i * shentsize;
      return is64
        ? { nameOff: u32(s), addr: addr(s + 16), offset: off(s + 24), size: off(s + 32) }
        : { nameOff: u32(s), addr: BigInt(u32(s + 12)), offset: u32(s + 16), size: u32(s + 20) };
    });
    const strtab = raw[shstrndx];
    for (const s of raw) {
      let name = '';
      if (strtab && strtab.offset + s.nameOff < data.length) {
        const start = strtab.offset + s.nameOff;
        const end = data.indexOf(0, start);
        name = data.toString('latin1', start, end < 0 ? start : end);
      }
      sections.push({ name, addr: s.addr, offset: s.offset, size: s.size });
    }
  }
  return { is64, littleEndian: le, sections, segments };
}

/** Reads `length` bytes at virtual address `vaddr`, through the loadable segments. */
export function readAtAddress(elf: ElfFile, data: Buffer, vaddr: bigint, length: number): Buffer | undefined {
  for (const seg of elf.segments) {
    if (vaddr >= seg.vaddr && vaddr + BigInt(length) <= seg.vaddr + BigInt(seg.filesz)) {
      const start = seg.offset + Number(vaddr - seg.vaddr);
      if (start + length <= data.length) return data.subarray(start, start + length);
    }
  }
  return undefined;
}
