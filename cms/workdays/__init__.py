"""Chinese working days (工作日): statutory deadlines with holidays and 调休 make-up days."""
