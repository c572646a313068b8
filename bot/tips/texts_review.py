"""Reviewer-facing strings of the tips feature (the review group and reviewers' private chats): Indonesian only.
Merged into `bot.tips.texts.STRINGS`; look them up with `tt`.
"""

from __future__ import annotations

# Reviewer-facing strings (the review group and reviewers' private chats): Indonesian only.
REVIEW_STRINGS: dict[str, dict[str, str]] = {
    "rv.only_reviewers": {"id": "Perintah dan tombol ini hanya untuk peninjau."},
    "rv.btn.claim": {"id": "🙋 Ambil"},
    "rv.btn.release": {"id": "↩️ Lepas"},
    "rv.btn.verifying": {"id": "🔍 Verifikasi"},
    "rv.btn.forwarded_bawaslu": {"id": "➡️ Bawaslu"},
    "rv.btn.forwarded_bkn": {"id": "➡️ BKN"},
    "rv.btn.close": {"id": "✖️ Tutup…"},
    "rv.btn.reopen": {"id": "🔄 Buka lagi"},
    "rv.btn.back": {"id": "⬅️ Kembali"},
    "rv.done.claim": {"id": "Laporan #{tip} Anda ambil."},
    "rv.done.release": {"id": "Laporan #{tip} dilepas."},
    "rv.done.status": {"id": "Status laporan #{tip}: {status}."},
    "rv.conflict": {"id": "Laporan ini baru saja diubah peninjau lain; tampilan sudah diperbarui."},
    "rv.invalid": {"id": "Perubahan itu tidak bisa dilakukan dari status sekarang."},
    "rv.not_found": {"id": "Laporan #{tip} tidak ada (mungkin sudah dihapus karena masa simpan)."},
    "rv.close_why": {"id": "Alasan menutup laporan #{tip}?"},
    "rv.usage.tip": {"id": "Pakai: <code>/tip NOMOR</code>, mis. <code>/tip 12</code>."},
    "rv.usage.ask": {"id": "Pakai: <code>/pertanyaan NOMOR teks pertanyaan</code> (5–1000 karakter). Pelapor "
                     "melihatnya saat membuka /status."},
    "rv.asked": {"id": "❓ Pertanyaan untuk laporan #{tip} tersimpan. Pelapor melihatnya saat membuka /status "
                 "(bot tidak bisa menghubungi pelapor)."},
    "rv.list.header": {"id": "📋 <b>Laporan</b> {filters}(halaman {page}/{pages}, total {total})"},
    "rv.list.empty": {"id": "Tidak ada laporan yang cocok."},
    "rv.list.hint": {"id": "Detail: /tip NOMOR · Saring: /tips terbuka | diterima | verifikasi | bawaslu | bkn | "
                     "ditutup | &lt;jenis&gt; | prov=32 | kab=3273 | hal=2 | cari=kata"},
    "rv.export.caption": {"id": "Ekspor {count} laporan (CSV UTF-8, terbuka langsung di Excel)."},
    "rv.export.empty": {"id": "Tidak ada laporan yang cocok untuk diekspor."},
    "rv.outbox.empty": {"id": "✅ Tidak ada pemberitahuan yang tertunda."},
    "rv.outbox.header": {"id": "📮 <b>{count} pemberitahuan tertunda</b> untuk grup peninjau:"},
    "rv.outbox.line": {"id": "• #{tip} · {kind} · dicoba {attempts}× · berikutnya {next_at}{error}"},
    "rv.outbox.retry": {"id": "Dikirim ulang sekarang: {count} pemberitahuan."},
    "rv.outbox.hint": {"id": "Kirim ulang sekarang: <code>/outbox kirim</code>"},
    "rv.outbox.no_chat": {"id": "⚠️ REVIEW_CHAT_ID belum diatur: pemberitahuan menunggu sampai grup peninjau "
                          "dikonfigurasi."},
    "rv.whoami": {"id": "Anda peninjau dengan label <b>{label}</b>. Label ini yang tercatat pada tindakan Anda; "
                  "pelapor hanya melihat \"Peninjau\".\n\nPerintah: /tips, /tip NOMOR, /pertanyaan NOMOR teks, "
                  "/ekspor, /statistik, /outbox"},
    "rv.reply": {"id": "💬 <b>Jawaban pelapor</b> untuk laporan #{tip}:\n\n{text}"},
    "rv.evidence": {"id": "📎 <b>Pelapor menambah {count} bukti</b> untuk laporan #{tip}.{links}"},
    "rv.file_caption": {"id": "Bukti laporan #{tip} ({index}/{total})"},
    "rv.file_missing": {"id": "(File bukti {index} laporan #{tip} tidak ada lagi di penyimpanan.)"},
    "rv.file_note.author": {"id": "⚠️ Dokumen ini mungkin memuat metadata penulis (nama, organisasi, perangkat) "
                            "yang tidak bisa dihapus bot. Periksa propertinya sebelum dibagikan lebih lanjut."},
    "rv.file_note.video": {"id": "⚠️ Video ini mungkin memuat lokasi dan data perangkat yang tidak bisa dihapus "
                           "bot. Jangan dibagikan lebih lanjut tanpa diperiksa."},
    "rv.file_note.unreadable": {"id": "⚠️ Gambar ini tidak bisa dibersihkan dari metadatanya (tidak terbaca)."},
    "rv.usage.purge": {"id": "Pakai: <code>/hapus NOMOR</code>: menghapus laporan itu beserta riwayat dan "
                       "buktinya untuk selamanya."},
    "rv.purge.confirm": {"id": "🗑 Hapus laporan #{tip} untuk selamanya? Isi, riwayat, tanya-jawab dan semua bukti "
                         "dihapus dari server dan tidak bisa dipulihkan. Kode laporan pelapor tidak berlaku lagi."},
    "rv.purge.done": {"id": "🗑 Laporan #{tip} sudah dihapus dari server. Pesan bot tentang laporan ini di grup "
                      "ini: {group}"},
    "rv.purge.group_deleted": {"id": "pemberitahuan utamanya juga sudah dihapus; salinan bukti dan balasan "
                               "lain hapus secara manual."},
    "rv.purge.group_kept": {"id": "bot tidak bisa menghapusnya (lebih dari 48 jam, atau bot bukan admin); "
                            "hapus secara manual."},
    "rv.purge.cancelled": {"id": "Tidak jadi dihapus."},
    "rv.btn.purge_yes": {"id": "🗑 Ya, hapus selamanya"},
    "rv.btn.purge_no": {"id": "Batal"},
    "rv.actor.system": {"id": "Bot"},
    "rv.actor.tipster": {"id": "Pelapor"},
    "rv.actor.reviewer": {"id": "Peninjau {label}"},
}
