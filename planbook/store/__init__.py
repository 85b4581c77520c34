"""What a quarter keeps on disk: its folder's names (:mod:`.folder`), the lock session that
commits a command's files as one (:mod:`.session`), and the consolidated record (:mod:`.record`)."""
