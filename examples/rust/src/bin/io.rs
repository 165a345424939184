//! Example 5, efficient I/O: a 1 MiB file read into a preallocated view in 64 KiB chunks
//! through sub-views (readinto), and the same bytes received from a Unix socket pair into a
//! second preallocated view in chunks (recv_into); both compared with `==`.
use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;

use memview::View;
use memview_examples::{ensure, run, Fail, Gen};

const SIZE: usize = 1 << 20;
const CHUNK: usize = 64 << 10;

/// Fills `dst` from `src` chunk by chunk, each read going straight into a sub-view of `dst`;
/// returns the number of reads.
fn read_into(dst: &mut View<'_>, src: &mut impl Read) -> Result<usize, Fail> {
    let mut reads = 0;
    for start in (0..dst.len()).step_by(CHUNK) {
        let mut chunk = dst.slice_mut(start as isize..(start + CHUNK) as isize, 1)?;
        let buf = chunk
            .as_bytes_mut()
            .ok_or(Fail("chunk is not writable".into()))?;
        let mut filled = 0;
        while filled < buf.len() {
            let n = src.read(&mut buf[filled..])?; // short reads are normal on sockets
            ensure(n > 0, "unexpected end of input")?;
            filled += n;
            reads += 1;
        }
    }
    Ok(reads)
}

fn main() {
    run("io", |work| -> Result<String, Fail> {
        let path = work.file("io.bin");
        let mut g = Gen::default();
        let data: Vec<u8> = (0..SIZE).map(|_| g.next_u64() as u8).collect();
        fs::write(&path, &data)?;

        let mut from_file = View::alloc(SIZE)?;
        let reads = read_into(&mut from_file, &mut File::open(&path)?)?;
        println!(
            "readinto     {} bytes from {} in {reads} reads of <= 64 KiB",
            from_file.len(),
            path.display()
        );

        // The sender writes from a clone of the file view (views are Send): no intermediate copy.
        let (mut tx, mut rx) = UnixStream::pair()?;
        let source = from_file.clone();
        let sender = std::thread::spawn(move || -> std::io::Result<()> {
            for chunk in source.as_bytes().unwrap_or_default().chunks(CHUNK) {
                tx.write_all(chunk)?;
            }
            Ok(())
        });
        let mut from_socket = View::alloc(SIZE)?;
        let recvs = read_into(&mut from_socket, &mut rx)?;
        sender
            .join()
            .map_err(|_| Fail("sender panicked".into()))??;
        println!(
            "recv_into    {} bytes from a Unix socket pair in {recvs} reads",
            from_socket.len()
        );

        let equal = from_file == from_socket;
        println!(
            "file view == socket view: {equal}; first bytes {}",
            from_file.slice(..8, 1)?.hex(Some(' '), 1)?
        );
        ensure(
            equal && from_file.as_bytes() == Some(&data[..]),
            "the views differ",
        )?;
        fs::remove_file(&path)?;
        Ok(format!(
            "file={} socket={} equal",
            from_file.len(),
            from_socket.len()
        ))
    });
}
